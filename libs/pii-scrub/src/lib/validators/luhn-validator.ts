/** Luhn (mod 10) check over a string of ASCII digits. False for anything else. */
export function isLuhnValid(digits: string): boolean {
  if (digits.length < 2) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Whether a 13–19 digit number starts with an issuer prefix of a payment card network
 * (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro, Mir, RuPay, Verve).
 * Random digit strings that pass Luhn by chance (1 in 10) mostly fail this.
 */
export function hasCardIssuerPrefix(digits: string): boolean {
  const len = digits.length;
  if (len < 12 || len > 19) return false;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === '4') return len === 13 || len === 16 || len === 19; // Visa
  if (p2 >= 51 && p2 <= 55) return len === 16; // Mastercard
  if (p4 >= 2221 && p4 <= 2720) return len === 16; // Mastercard 2-series
  if (p2 === 34 || p2 === 37) return len === 15; // Amex
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649)) return len >= 16; // Discover
  if (p6 >= 622126 && p6 <= 622925) return len >= 16; // Discover/UnionPay co-brand
  if (p4 >= 3528 && p4 <= 3589) return len >= 16; // JCB
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305) || p4 === 3095)
    return len >= 14; // Diners
  if (p2 === 62 || p2 === 81) return len >= 16; // UnionPay
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return len >= 12; // Maestro, RuPay (60), etc.
  if (p4 >= 2200 && p4 <= 2204) return len >= 16; // Mir
  return false;
}
