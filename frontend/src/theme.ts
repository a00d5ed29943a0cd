import { createTheme } from "@mantine/core";

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
  },
});
