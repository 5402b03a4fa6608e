import { confirmLeave, hasUnsaved } from "./unsaved.svelte";

// Which screen is showing, kept in the address's #hash so the Back key works and every
// screen has a name (#/group). Unknown names fall back to the home screen.

export const sections = ["briefings", "leaflets", "petitions", "letters", "group"] as const;
export type Section = (typeof sections)[number];
export type Route = "home" | Section;

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, "");
  return (sections as readonly string[]).includes(name) ? (name as Section) : "home";
}

export function hrefFor(route: Route): string {
  return route === "home" ? "#/" : `#/${route}`;
}

export const router = $state({ route: parseRoute(globalThis.location?.hash ?? "") });

export function startRouter(): () => void {
  const update = () => {
    const wanted = parseRoute(location.hash);
    if (wanted === router.route) return;
    // The Back key on a form with unsaved typing: stay, put the address back, and ask.
    if (hasUnsaved()) {
      history.replaceState(null, "", hrefFor(router.route));
      confirmLeave(() => go(wanted));
      return;
    }
    router.route = wanted;
  };
  window.addEventListener("hashchange", update);
  return () => window.removeEventListener("hashchange", update);
}

/** A link click that leaves the screen: asks first if a form has unsaved typing. */
export function followLink(event: MouseEvent, route: Route): void {
  if (!hasUnsaved()) return;
  // The screen already showing: nothing to leave, and nothing to ask.
  if (route === router.route) {
    event.preventDefault();
    return;
  }
  event.preventDefault();
  confirmLeave(() => go(route));
}

export function go(route: Route): void {
  location.hash = hrefFor(route);
  router.route = route;
}

/** `#/presenter/group/our-notes` → which briefing the presenter window is for. */
export function presenterTarget(hash: string): { origin: "bundled" | "group"; id: string } | null {
  const match = /^#\/presenter\/(bundled|group)\/([a-z0-9-]+)$/.exec(hash);
  return match ? { origin: match[1] as "bundled" | "group", id: match[2] } : null;
}
