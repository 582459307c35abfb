import "@kern-ux/native/dist/kern.min.css";
// Fira Sans, KERN's typeface, split by script (unicode-range): a page in German loads about 25 KB per
// weight instead of KERN's 130 KB full fonts, and shows text at once (font-display: swap).
import "@fontsource/fira-sans/400.css";
import "@fontsource/fira-sans/400-italic.css";
import "@fontsource/fira-sans/500.css";
import "@fontsource/fira-sans/600.css";
import "@fontsource/fira-sans/700.css";
import "./styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";

createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
