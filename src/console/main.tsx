/**
 * @module The console's entry: Cloudscape's global styles, the light or dark mode the system prefers, English strings
 * (labels of every component), then the app.
 */
import "@cloudscape-design/global-styles/index.css";
import "./console.css";
import { I18nProvider } from "@cloudscape-design/components/i18n";
import messages from "@cloudscape-design/components/i18n/messages/all.en";
import { applyMode, Mode } from "@cloudscape-design/global-styles";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";

// The console follows the system's light or dark preference, and changes with it.
const darkScheme = window.matchMedia("(prefers-color-scheme: dark)");
const followScheme = () => applyMode(darkScheme.matches ? Mode.Dark : Mode.Light);
followScheme();
darkScheme.addEventListener("change", followScheme);

const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <StrictMode>
      <I18nProvider locale="en" messages={[messages]}>
        <App />
      </I18nProvider>
    </StrictMode>,
  );
