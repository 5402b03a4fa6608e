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
