import { en, type Strings } from "./en";

// One language for now. To add Welsh: create cy.ts exporting `cy: Strings`, and choose it here
// (from a setting, or navigator.language starting with "cy").
const languages: Record<string, Strings> = { en };

export const strings: Strings = languages.en;
