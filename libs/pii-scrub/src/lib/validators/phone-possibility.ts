import {
  getCountries,
  isPossiblePhoneNumber,
  isSupportedCountry,
  type CountryCode,
} from 'libphonenumber-js';

/** Memo size: candidates repeat within and across documents (the same contact, log lines). */
const CACHE_LIMIT = 4096;
const international = new Map<string, boolean>();

/** Every region libphonenumber has metadata for (ISO 3166-1 alpha-2), in its order. */
export function knownPhoneRegions(): readonly string[] {
  return getCountries();
}

/** Whether libphonenumber has metadata for `region`. */
export function isKnownPhoneRegion(region: string): boolean {
  return isSupportedCountry(region);
}

/**
 * Whether `+digits` is a possible number (country calling code known, national number of a
 * length that country uses). Digits only, no `+`.
 */
export function isPossibleInternational(digits: string): boolean {
  const known = international.get(digits);
  if (known !== undefined) return known;
  const possible = isPossiblePhoneNumber(`+${digits}`);
  if (international.size >= CACHE_LIMIT) international.clear();
  international.set(digits, possible);
  return possible;
}

/**
 * Builds the national check: is `digits` (no country code; a trunk prefix such as `0` is
 * allowed) a possible number in at least one of `regions`? Regions are tried in order and the
 * first yes wins, so common lengths cost one or two lookups.
 */
export function createNationalCheck(regions: readonly string[]): (digits: string) => boolean {
  const list = regions.filter((r) => isSupportedCountry(r)) as CountryCode[];
  const cache = new Map<string, boolean>();
  return (digits) => {
    const known = cache.get(digits);
    if (known !== undefined) return known;
    let possible = false;
    for (const region of list) {
      if (isPossiblePhoneNumber(digits, region)) {
        possible = true;
        break;
      }
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(digits, possible);
    return possible;
  };
}
