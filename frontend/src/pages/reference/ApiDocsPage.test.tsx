import { cleanup, screen, waitFor } from "@testing-library/react";
import i18n from "../../i18n";
import { renderPage } from "../doctor/testing";
import ApiDocsPage from "./ApiDocsPage";

const swagger = vi.fn();

vi.mock("../../api/config", () => ({ loadConfig: async () => ({ apiUrl: "https://api.docspot.test" }) }));
vi.mock("swagger-ui-dist/swagger-ui-es-bundle.js", () => ({ default: (options: unknown) => swagger(options) }));
vi.mock("swagger-ui-dist/swagger-ui.css?raw", () => ({ default: "" }));

afterEach(async () => {
  cleanup(); // before the language changes back, so nothing mounted re-renders outside act()
  swagger.mockReset();
  await i18n.changeLanguage("en");
});

describe("the API reference", () => {
  it("links the API's own documents and renders the OpenAPI one", async () => {
    renderPage(<ApiDocsPage />, { user: null });
    expect(screen.getByRole("heading", { level: 1, name: "API reference" })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByLabelText("Loading the API reference")).not.toBeInTheDocument());
    expect(swagger).toHaveBeenCalledWith(expect.objectContaining({ url: "https://api.docspot.test/openapi.json" }));
    expect(screen.getByRole("link", { name: "openapi.json" })).toHaveAttribute(
      "href",
      "https://api.docspot.test/openapi.json",
    );
    expect(screen.getByRole("link", { name: "asyncapi.json" })).toHaveAttribute(
      "href",
      "https://api.docspot.test/asyncapi.json",
    );
  });

  it("reads in German", async () => {
    await i18n.changeLanguage("de");
    renderPage(<ApiDocsPage />, { user: null });
    expect(screen.getByRole("heading", { level: 1, name: "API-Referenz" })).toBeInTheDocument();
    expect(screen.getByText(/Live-Aktualisierungen über WebSocket/)).toBeInTheDocument();
    expect(screen.getByLabelText("API-Referenz wird geladen")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByLabelText("API-Referenz wird geladen")).not.toBeInTheDocument());
    expect(screen.getByRole("link", { name: "asyncapi.json" })).toHaveAttribute(
      "href",
      "https://api.docspot.test/asyncapi.json",
    );
  });
});
