import { createScrubber } from '../scrub/scrub-api';
import { isKnownCardIssuer } from '../validators/card-issuer';
import { isLuhnValid } from '../validators/luhn-validator';

const scrubber = createScrubber();
const cardsIn = (text: string, s = scrubber) =>
  s
    .scrubText(text)
    .findings.filter((f) => f.type === 'credit_card')
    .map((f) => text.slice(f.start, f.end));

describe('card numbers', () => {
  it('takes Luhn-valid numbers in a known issuer range without any word', () => {
    expect(cardsIn('paid with 4111 1111 1111 1111.')).toEqual(['4111 1111 1111 1111']);
    expect(cardsIn('ref 3530111333300000 ok')).toEqual(['3530111333300000']);
    expect(cardsIn('visa13 4222222222222')).toEqual(['4222222222222']);
  });

  it('takes numbers outside the issuer ranges when a card word is near', () => {
    // Older 15-digit JCB ranges (1800, 2131) and a 16-digit number no range covers.
    expect(isKnownCardIssuer('180001234567899')).toBe(false);
    expect(isKnownCardIssuer('7123456789012342')).toBe(false);
    expect(cardsIn('JCB card 1800 0123 4567 899')).toEqual(['1800 0123 4567 899']);
    expect(cardsIn('card: 213109876543218')).toEqual(['213109876543218']);
    expect(cardsIn('credit 7123-4567-8901-2342')).toEqual(['7123-4567-8901-2342']);
    expect(cardsIn('Número de tarjeta: 7123 4567 8901 2342')).toEqual(['7123 4567 8901 2342']);
    expect(cardsIn('カード番号は7123456789012342です')).toEqual(['7123456789012342']);
    expect(cardsIn('ref 7123456789012342')).toEqual([]);
  });

  it('reads a CSV column named like a card as context', () => {
    expect(cardsIn('id,card_number\n1,7123456789012342\n')).toEqual(['7123456789012342']);
  });

  it('needs a card word for 12 digits written without groups (order numbers share the length)', () => {
    expect(isLuhnValid('601123456787')).toBe(true);
    expect(cardsIn('Order number: 601123456787')).toEqual([]);
    expect(cardsIn('Maestro card 601123456787')).toEqual(['601123456787']);
  });

  it('never takes a number that fails Luhn, whatever the words', () => {
    expect(cardsIn('credit card 4111 1111 1111 1112')).toEqual([]);
    expect(cardsIn('card 1800 0123 4567 891')).toEqual([]);
  });

  it('adds card context words from the options', () => {
    const s = createScrubber({ card: { extraContextWords: ['betaalpas'] } });
    expect(cardsIn('betaalpas 7123456789012342')).toEqual([]);
    expect(cardsIn('betaalpas 7123456789012342', s)).toEqual(['7123456789012342']);
  });
});
