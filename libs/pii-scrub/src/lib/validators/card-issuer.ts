import creditCardType from 'credit-card-type';
import { hasCardIssuerPrefix } from './luhn-validator';

/**
 * Whether a 12–19 digit number lies in a card network's issuer range with a length that
 * network issues: `credit-card-type`'s ranges (Visa, Mastercard, Amex, Diners, Discover, JCB,
 * UnionPay, Maestro, Mir, Elo, Hiper, Troy …), plus the ranges of {@link hasCardIssuerPrefix}
 * it does not list (13-digit Visa, UnionPay 81, RuPay, Verve).
 */
export function isKnownCardIssuer(digits: string): boolean {
  const len = digits.length;
  if (len < 12 || len > 19) return false;
  return hasCardIssuerPrefix(digits) || creditCardType(digits).some((t) => t.lengths.includes(len));
}
