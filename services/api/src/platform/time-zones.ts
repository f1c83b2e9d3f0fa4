import { parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * Where a phone number's owner probably is, as IANA time zones: every zone they may be in, so that a rule about
 * their local time (quiet hours) can hold in all of them — the most conservative reading when the number does not
 * say which. A country with one zone is exact; a North American number is read by its area code (most lie in one
 * zone; the few that straddle two list both); a number of a country with several zones and no better signal lists
 * them all. Unknown: none (nothing is inferred; a contact's stored time zone is then the only source).
 *
 * The table is ours, by area code and by country (the commonest ones), written from the North American Numbering
 * Plan's assignments; a stored time zone on the contact overrides it.
 */
const NANP_ZONES: Record<string, string> = {};
const zone = (tz: string, codes: string) =>
  codes.split(/\s+/).forEach((code) => (NANP_ZONES[code] = NANP_ZONES[code] ? `${NANP_ZONES[code]} ${tz}` : tz));

// United States
zone(
  "America/New_York",
  `203 475 860 959 302 202 771 239 305 321 352 386 407 448 561 656 689 727 728 754 772 786 813 863 904 941 954 850 229 404 470 478 678
   706 762 770 912 943 260 317 463 574 765 812 930 219 502 606 859 270 364 207 240 301 410 443 667 339 351 413 508 617 774 781 857
   978 231 248 269 313 517 586 616 734 810 947 989 906 603 201 551 609 640 732 848 856 862 908 973 212 315 332 347 363 516 518 585 607
   631 646 680 716 718 838 845 914 917 929 934 252 336 472 704 743 828 910 919 980 984 216 220 234 283 326 330 380 419 436 440 513 567
   614 740 937 215 223 267 272 412 445 484 570 582 610 717 724 814 835 878 401 803 839 843 854 864 423 865 802 276 434 540 571 686 703
   757 804 826 948 304 681`,
);
zone(
  "America/Chicago",
  `205 251 256 334 483 659 938 479 501 870 327 217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872 319 515 563 641 712
   316 620 785 913 225 318 337 504 985 218 320 507 612 651 763 952 228 601 662 769 314 417 557 573 636 660 816 975 308 402 531 701 405
   539 572 580 918 605 615 629 731 901 931 210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 936 940
   945 956 972 979 262 274 353 414 534 608 715 920 850 219 812 270 364 906`,
);
zone("America/Denver", `303 719 720 970 983 406 505 575 385 435 801 307 208 986 915 620 785 308 701 605 541`);
zone("America/Phoenix", `480 520 602 623 928`);
zone(
  "America/Los_Angeles",
  `209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 747 760 805 818 820 831 840 858
   909 916 925 949 951 702 725 775 458 503 541 971 206 253 360 425 509 564 208 986`,
);
zone("America/Anchorage", "907");
zone("Pacific/Honolulu", "808");
zone("America/Puerto_Rico", "787 939");
zone("America/St_Thomas", "340");
zone("Pacific/Guam", "671");
zone("Pacific/Saipan", "670");
zone("Pacific/Pago_Pago", "684");
// Canada
zone("America/Toronto", `226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 807 905 263 354 367 418 438 450 468 514 579 581 819 873`);
zone("America/Winnipeg", "204 431 584 807");
zone("America/Regina", "306 474 639");
zone("America/Edmonton", "368 403 587 780 825 250 867");
zone("America/Vancouver", "236 250 604 672 778");
zone("America/Halifax", "782 902 428 506 709");
zone("America/St_Johns", "709");
zone("America/Whitehorse", "867");
zone("America/Iqaluit", "867");

const US_ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "Pacific/Honolulu",
];
const CA_ZONES = [
  "America/St_Johns",
  "America/Halifax",
  "America/Toronto",
  "America/Winnipeg",
  "America/Regina",
  "America/Edmonton",
  "America/Vancouver",
];

/** By country (ISO 3166), the commonest ones; several zones where the country has several. */
const COUNTRY_ZONES: Record<string, string[]> = {
  US: US_ZONES,
  CA: CA_ZONES,
  MX: ["America/Cancun", "America/Mexico_City", "America/Chihuahua", "America/Hermosillo", "America/Tijuana"],
  BR: ["America/Noronha", "America/Sao_Paulo", "America/Manaus", "America/Rio_Branco"],
  AR: ["America/Argentina/Buenos_Aires"],
  CL: ["America/Santiago"],
  CO: ["America/Bogota"],
  PE: ["America/Lima"],
  JM: ["America/Jamaica"],
  DO: ["America/Santo_Domingo"],
  BS: ["America/Nassau"],
  GB: ["Europe/London"],
  IE: ["Europe/Dublin"],
  PT: ["Europe/Lisbon", "Atlantic/Azores"],
  ES: ["Europe/Madrid", "Atlantic/Canary"],
  FR: ["Europe/Paris"],
  BE: ["Europe/Brussels"],
  NL: ["Europe/Amsterdam"],
  LU: ["Europe/Luxembourg"],
  DE: ["Europe/Berlin"],
  CH: ["Europe/Zurich"],
  AT: ["Europe/Vienna"],
  IT: ["Europe/Rome"],
  DK: ["Europe/Copenhagen"],
  NO: ["Europe/Oslo"],
  SE: ["Europe/Stockholm"],
  FI: ["Europe/Helsinki"],
  IS: ["Atlantic/Reykjavik"],
  PL: ["Europe/Warsaw"],
  CZ: ["Europe/Prague"],
  HU: ["Europe/Budapest"],
  RO: ["Europe/Bucharest"],
  GR: ["Europe/Athens"],
  TR: ["Europe/Istanbul"],
  UA: ["Europe/Kyiv"],
  IL: ["Asia/Jerusalem"],
  AE: ["Asia/Dubai"],
  EG: ["Africa/Cairo"],
  ZA: ["Africa/Johannesburg"],
  NG: ["Africa/Lagos"],
  KE: ["Africa/Nairobi"],
  MA: ["Africa/Casablanca"],
  IN: ["Asia/Kolkata"],
  PK: ["Asia/Karachi"],
  SG: ["Asia/Singapore"],
  HK: ["Asia/Hong_Kong"],
  CN: ["Asia/Shanghai"],
  JP: ["Asia/Tokyo"],
  KR: ["Asia/Seoul"],
  PH: ["Asia/Manila"],
  AU: ["Australia/Sydney", "Australia/Brisbane", "Australia/Adelaide", "Australia/Darwin", "Australia/Perth"],
  NZ: ["Pacific/Auckland"],
};

/** Within a country, prefixes (after the country code) that say more: the Azores' and the Canaries' landlines. */
const PREFIX_ZONES: Record<string, [prefix: string, zones: string[]][]> = {
  PT: [
    ["292", ["Atlantic/Azores"]],
    ["295", ["Atlantic/Azores"]],
    ["296", ["Atlantic/Azores"]],
    ["2", ["Europe/Lisbon"]], // every other landline is on the mainland or Madeira (same time as Lisbon)
  ],
  ES: [
    ["828", ["Atlantic/Canary"]],
    ["922", ["Atlantic/Canary"]],
    ["928", ["Atlantic/Canary"]],
    ["8", ["Europe/Madrid"]],
    ["9", ["Europe/Madrid"]],
  ],
};

export interface NumberZones {
  /** ISO country of the number, when known. */
  country?: string;
  zones: string[];
}

/** The time zones a number's owner may be in (see above); none when the number says nothing we know. */
export function timeZonesOfNumber(e164: string): NumberZones {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return { zones: [] };
  const national = parsed.nationalNumber;
  if (parsed.countryCallingCode === "1") {
    const byArea = NANP_ZONES[national.slice(0, 3)];
    // The country of +1 numbers: libphonenumber knows it for valid numbers; an unassigned or test range reads as US.
    const country = parsed.country ?? "US";
    if (byArea && (country === "US" || country === "CA")) return { country, zones: byArea.split(" ") };
    return { country, zones: COUNTRY_ZONES[country] ?? (country === "US" ? US_ZONES : []) };
  }
  const country = parsed.country;
  if (!country) return { zones: [] };
  const byPrefix = PREFIX_ZONES[country]?.find(([prefix]) => national.startsWith(prefix));
  return { country, zones: byPrefix?.[1] ?? COUNTRY_ZONES[country] ?? [] };
}

/** Whether `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `tz` at `at`: its date parts and minutes since midnight. */
export function localTime(at: Date, tz: string): { year: number; month: number; day: number; minutes: number; hhmm: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    minutes: hour * 60 + minute,
    hhmm: `${String(hour).padStart(2, "0")}:${parts.minute}`,
  };
}

/** The instant when it is `minutes` past midnight on the given local date in `tz` (DST-aware). */
export function atLocal(tz: string, date: { year: number; month: number; day: number }, minutes: number): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  let guess = wall;
  // The zone's offset at the guess, twice: once to get near, once more in case a DST change lies in between.
  for (let i = 0; i < 2; i++) {
    const local = localTime(new Date(guess), tz);
    const seen = Date.UTC(local.year, local.month - 1, local.day, 0, local.minutes);
    guess += wall - seen;
  }
  return new Date(guess);
}
