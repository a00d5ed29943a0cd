import { Alert, Anchor, Loader, Stack, Text, Title } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { loadConfig } from "../../api/config";

const STYLE_ID = "swagger-ui-styles";

/** Swagger UI's stylesheet, as it ships (`?raw`: the app's PostCSS plugins would trip on its selectors). */
async function addStyles(): Promise<void> {
  if (document.getElementById(STYLE_ID)) return;
  const { default: css } = await import("swagger-ui-dist/swagger-ui.css?raw");
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = css;
  document.head.appendChild(style);
}

/**
 * The API reference: the OpenAPI document the API serves (`GET /api/openapi.json`), rendered by Swagger UI
 * (bundled with the app: no CDN, nothing inline, so it runs under the site's Content-Security-Policy). The
 * renderer is loaded with this page only.
 */
export default function ApiDocsPage() {
  const { t } = useTranslation();
  const target = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const [apiBase, setApiBase] = useState("/api");

  useEffect(() => {
    let gone = false;
    (async () => {
      const [{ apiUrl }, { default: SwaggerUI }] = await Promise.all([
        loadConfig(),
        import("swagger-ui-dist/swagger-ui-es-bundle.js"),
        addStyles(),
      ]);
      if (gone || !target.current) return;
      setApiBase(apiUrl);
      SwaggerUI({
        domNode: target.current,
        url: `${apiUrl}/openapi.json`,
        deepLinking: false,
        // Resources folded: with every one of the 200-odd routes open at once Swagger UI stops rendering after the
        // first few; a resource opens on a click.
        docExpansion: "none",
        defaultModelsExpandDepth: 0,
        displayRequestDuration: true,
      });
      setState("ready");
    })().catch(() => {
      if (!gone) setState("failed");
    });
    return () => {
      gone = true;
    };
  }, []);

  return (
    <Stack gap="sm">
      <Title order={1}>{t("public.apiDocs.title")}</Title>
      <Text c="dimmed" size="sm">
        <Trans
          t={t}
          i18nKey="public.apiDocs.intro"
          components={{
            openapi: <Anchor href={`${apiBase}/openapi.json`} />,
            asyncapi: <Anchor href={`${apiBase}/asyncapi.json`} />,
          }}
        />
      </Text>
      {state === "loading" && <Loader aria-label={t("public.apiDocs.loading")} />}
      {state === "failed" && (
        <Alert color="red" role="alert">
          {t("public.apiDocs.failed")}
        </Alert>
      )}
      <div ref={target} data-testid="api-reference" className="swagger-ui-host" />
    </Stack>
  );
}
