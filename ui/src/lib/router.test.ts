import { describe, expect, it } from "vitest";
import { hrefFor, parseRoute, sections } from "./router.svelte";

describe("routes", () => {
  it("every section has an address that leads back to it", () => {
    for (const section of sections) expect(parseRoute(hrefFor(section))).toBe(section);
    expect(parseRoute(hrefFor("home"))).toBe("home");
  });
  it("an unknown or hostile address shows the home screen", () => {
    for (const hash of ["", "#", "#/nope", "#/<script>", "#/group/../../etc"]) expect(parseRoute(hash)).toBe("home");
  });
});
