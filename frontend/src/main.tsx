import "@mantine/core/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/charts/styles.css";
import "@mantine/notifications/styles.css";
import "./global.css";
import "./i18n";
import { MantineProvider } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { useTranslation } from "react-i18next";
import { BrowserRouter } from "react-router-dom";
import { App } from "./App";
import { loadConfig } from "./api/config";
import { AuthProvider } from "./auth/AuthProvider";
import { setAppCurrency } from "./i18n/format";
import { createQueryClient } from "./queryClient";
import { RealtimeProvider } from "./realtime/RealtimeProvider";
import { cssVariablesResolver, theme } from "./theme";

const queryClient = createQueryClient();
void loadConfig()
  .then((config) => setAppCurrency(config.currency))
  .catch(() => undefined);

/** Mantine's date pickers name months and weekdays in the app's language. */
function LocalisedDates({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>{children}</DatesProvider>;
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <LocalisedDates>
        <Notifications position="top-right" limit={4} />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthProvider>
              <RealtimeProvider>
                <App />
              </RealtimeProvider>
            </AuthProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </LocalisedDates>
    </MantineProvider>
  </StrictMode>,
);
