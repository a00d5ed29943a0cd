import { createTheme, type CSSVariablesResolver } from "@mantine/core";

/** Blue primary at shade 8 for text-on-white contrast above WCAG AA; visible focus rings everywhere. */
export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: { light: 8, dark: 5 },
  focusRing: "auto",
  defaultRadius: "md",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: { fontWeight: "650" },
  components: {
    Button: { defaultProps: { fw: 600 } },
    // Mantine puts a focusable placeholder <div> inside role="menu", which ARIA does not allow there (axe-core's
    // aria-required-children); without it the first item takes the focus, arrow keys and Escape work as before.
    Menu: { defaultProps: { withInitialFocusPlaceholder: false } },
  },
});

/** Colours whose "light" variant (tinted background, coloured text) the app uses for buttons, badges and alerts. */
const LIGHT_VARIANT_COLORS = ["blue", "teal", "green", "red", "orange", "grape", "violet", "gray", "yellow", "cyan", "dark"];

/**
 * Dimmed text one shade darker than Mantine's default (gray-6 is 3.3:1 on white; gray-7 passes AA at 7:1+), and the
 * text of every light variant at shade 9, which keeps 4.5:1 on its own tint (axe-core's colour-contrast rule).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-placeholder": "var(--mantine-color-gray-7)",
    ...Object.fromEntries(LIGHT_VARIANT_COLORS.map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`])),
  },
  dark: {},
});
