// Dates as people in the UK write them: "27 November 2026". The data keeps YYYY-MM-DD.

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** "2026-11-27" → "27 November 2026"; anything else is shown as it is. */
export function ukDate(day: string | null | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day ?? "");
  if (!match) return day ?? "";
  const month = MONTHS[Number(match[2]) - 1];
  return month ? `${Number(match[3])} ${month} ${match[1]}` : day ?? "";
}

/** Day, month and year boxes → "YYYY-MM-DD", or null if they do not make a real date. */
export function fromBoxes(day: string, month: string, year: string): string | null {
  const [d, m, y] = [day, month, year].map((part) => Number(part.trim()));
  if (![d, m, y].every(Number.isInteger) || y < 1900 || y > 2999) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Today's day, month and year, for the boxes. */
export function todayBoxes(): { day: string; month: string; year: string } {
  const now = new Date();
  return { day: String(now.getDate()), month: String(now.getMonth() + 1), year: String(now.getFullYear()) };
}

/** 10, "20" → "10.20am"; 15, "00" → "3pm": a 12-hour clock, no leading zero. */
function clock(hour: number, minutes: string): string {
  if (hour === 0 && minutes === "00") return "midnight";
  if (hour === 12 && minutes === "00") return "midday";
  return `${hour % 12 === 0 ? 12 : hour % 12}${minutes === "00" ? "" : `.${minutes}`}${hour < 12 ? "am" : "pm"}`;
}

/** "2026-11-27T10:20:00" → "27 November 2026, 10.20am". */
export function ukDateTime(stamp: string | null | undefined): string {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})/.exec(stamp ?? "");
  if (!match) return ukDate(stamp);
  return `${ukDate(match[1])}, ${clock(Number(match[2]), match[3])}`;
}

/** The time of day now, as "10.20am". */
export function timeNow(): string {
  const now = new Date();
  return clock(now.getHours(), String(now.getMinutes()).padStart(2, "0"));
}
