import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => cleanup());

// The machine running the suite is shared and busy: give menus, modals and answers time to appear before a query
// gives up (every component test, not only the doctor's pages).
configure({ asyncUtilTimeout: 10_000 });

// jsdom lacks these; Mantine reads them.
const matchMedia = (query: string) => ({
  matches: false,
  media: query,
  onchange: null,
  addListener: () => undefined,
  removeListener: () => undefined,
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
  dispatchEvent: () => false,
});
Object.defineProperty(window, "matchMedia", { writable: true, value: matchMedia });
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
Object.defineProperty(window, "ResizeObserver", { writable: true, value: ResizeObserverStub });
Object.defineProperty(window, "scrollTo", { writable: true, value: () => undefined });
Object.defineProperty(Element.prototype, "scrollIntoView", { writable: true, value: () => undefined });

// The component tests read English: the app's translations, in English whatever the machine's language.
import i18n from "../i18n";
void i18n.changeLanguage("en");
