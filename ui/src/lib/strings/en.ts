// Every word the window shows, in UK English. A Welsh translation is a copy of this file
// (cy.ts) with the same keys; the `Strings` type makes sure nothing is missed.

export const en = {
  appName: "Campaign Kit",
  skipToContent: "Skip to main content",
  opening: "Opening your data…",
  nav: {
    label: "Sections",
    home: "Home",
    briefings: "Briefings",
    leaflets: "Leaflets and posters",
    petitions: "Petitions",
    group: "Our group",
  },
  home: {
    title: "What would you like to do?",
    intro: "Everything works without internet. Your data stays on this computer.",
    greeting: (group: string) => `Welcome, ${group}.`,
    setUpGroup: "Start by telling Campaign Kit about your group: it goes on your leaflets and petitions.",
    sections: {
      briefings: "Read the facts about Integrated Care Systems, search them, and present them at a meeting.",
      leaflets: "Fill in a leaflet or poster and print it at home or at a print shop.",
      petitions: "Collect signatures at a stall, type in paper sheets, and hand the petition in.",
      group: "Your group's name, contact details, area and logo, used on everything you make.",
    },
  },
  comingSoon: {
    heading: "Coming in the next version",
    briefings: "Briefings will let you read plain-English guides to Integrated Care Systems, search them, print them and show them as slides at a meeting.",
    leaflets: "Leaflets and posters will let you fill in a template, see it as you type, and print it: several to a sheet at home, or ready for a print shop.",
    petitions: "Petitions will let you collect signatures at a stall, type in paper sheets, watch progress to your target and hand the petition in, handling people's data lawfully.",
    meanwhile: "Meanwhile, you can fill in your group's details so they are ready.",
    goToGroup: "Fill in our group's details",
  },
  group: {
    title: "Our group",
    intro: "These details go on your leaflets, posters and petitions. Only the name is needed.",
    name: "Group name",
    nameHint: "As you want it printed, for example Keep Our NHS Public Camden.",
    contactEmail: "Contact email",
    phone: "Phone number",
    website: "Website",
    localArea: "Local area",
    localAreaHint: "The Integrated Care System or council area you campaign in.",
    brandColour: "Brand colour",
    brandColourHint: "Used for headings and bars on your leaflets.",
    logo: "Logo",
    logoHint: "A PNG or JPEG picture, at most 2 MB.",
    chooseLogo: "Choose a logo picture",
    removeLogo: "Remove the logo",
    logoAlt: "Your group's logo",
    noLogo: "No logo yet.",
    logoSize: (w: number, h: number) => `${w} × ${h} pixels`,
    save: "Save our details",
    saving: "Saving…",
    saved: "Saved. Your details will be used on everything you make.",
    fixThese: "Some details need fixing: they are marked in red above. Then save again.",
    lastSaved: (when: string) => `Last saved ${when}.`,
    dataFolder: "Your data is kept in this folder:",
    backups: (n: number) =>
      n === 0
        ? "No backup copy yet: one is made each day you open Campaign Kit."
        : n === 1
          ? "1 backup copy is kept."
          : `${n} backup copies are kept.`,
  },
  storeProblem: {
    title: "Campaign Kit cannot open your data",
    restore: "Restore the newest backup copy",
    restoring: "Restoring…",
    newestBackup: (name: string) => `Newest backup copy: ${name}`,
    tryAgain: "Try again",
    folder: "Data folder:",
    askForHelp: "If this keeps happening, show this screen to someone who helps with your group's computers.",
  },
  errorScreen: {
    title: "Sorry, something went wrong",
    body: "Campaign Kit hit a problem it did not expect. Nothing you had already saved has been lost.",
    goHome: "Go back to the home screen",
    code: (code: string) => `Code for a helper: ${code}`,
  },
  errors: {
    generic: "Something went wrong. Nothing already saved has been lost. Please try again.",
    logoRead: "That file could not be read. Please try choosing it again.",
  },
};

export type Strings = typeof en;
