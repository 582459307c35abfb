import "@kern-ux/native/dist/kern.min.css";
// Fira Sans, KERN's typeface, split by script (unicode-range): a page in German loads about 25 KB per
// weight instead of KERN's 130 KB full fonts, and shows text at once (font-display: swap). KERN's
// strongest weight is 600 (body-strong, headings); bold text (700) uses that face too, a font less.
import "@fontsource/fira-sans/400.css";
import "@fontsource/fira-sans/400-italic.css";
import "@fontsource/fira-sans/500.css";
import "@fontsource/fira-sans/600.css";
import "./styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";

createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
