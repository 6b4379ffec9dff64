"""Phone and card values from Python's Faker for the pii cross-check, one JSON object a line.

Usage: python python-faker-values.py SEED PHONES_PER_LOCALE CARDS_PER_TYPE
Phones: Faker(locale).phone_number() in 15 locales; cards: credit_card_number(t) for every
card type of Faker's en_US provider. Seeded, so the output depends only on the arguments and
the Faker version.
"""

import json
import sys

from faker import Faker
from faker.providers.credit_card import Provider as CardProvider

LOCALES = [
    "en_US", "en_GB", "en_AU", "en_IN", "de_DE", "fr_FR", "es_ES", "it_IT",
    "nl_NL", "pt_BR", "pl_PL", "sv_SE", "cs_CZ", "tr_TR", "ja_JP",
]


def main() -> None:
    seed, phones, cards = (int(a) for a in sys.argv[1:4])
    for i, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed + i)
        for _ in range(phones):
            print(json.dumps({"locale": locale, "type": "phone", "value": fake.phone_number()}))
    fake = Faker("en_US")
    fake.seed_instance(seed + len(LOCALES))
    for kind in CardProvider.credit_card_types:
        for _ in range(cards):
            value = fake.credit_card_number(kind)
            print(json.dumps({"locale": "en_US", "type": "credit_card", "issuer": kind, "value": value}))


if __name__ == "__main__":
    main()
