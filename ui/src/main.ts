import { mount } from "svelte";
import App from "./App.svelte";
import "./fonts.css";
import "./app.css";

// Marks when the window comes on screen: it starts hidden and is shown once this page has
// loaded. The start-up benchmark and an end-to-end test read the mark.
const SHOWN = "campaign-kit:window-shown";
if (document.visibilityState === "visible") {
  performance.mark(SHOWN);
} else {
  document.addEventListener("visibilitychange", () => performance.getEntriesByName(SHOWN).length || performance.mark(SHOWN));
}

const target = document.getElementById("app");
if (target) mount(App, { target });
