import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Component styles go into the bundled CSS file, never into inline <style> tags.
    css: "external",
  },
};
