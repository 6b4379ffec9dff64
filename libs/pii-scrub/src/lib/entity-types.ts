/**
 * Built-in entity types. The placeholder label is the upper-cased type (`email` → `<EMAIL_1>`).
 */
export const BUILT_IN_ENTITY_TYPES = [
  'email',
  'phone',
  'ssn',
  'credit_card',
  'iban',
  'ipv4',
  'ipv6',
  'url_credentials',
  'date_of_birth',
  'street_address',
  'person_name',
  'openai_key',
  'anthropic_key',
  'google_api_key',
  'huggingface_token',
  'aws_access_key_id',
  'aws_secret_key',
  'github_token',
  'slack_token',
  'slack_webhook',
  'stripe_key',
  'jwt',
  'private_key',
  'auth_header',
  'secret_assignment',
  'sensitive_key',
] as const;

/** One of {@link BUILT_IN_ENTITY_TYPES}. */
export type BuiltInEntityType = (typeof BUILT_IN_ENTITY_TYPES)[number];

/** Types that are structured (format + validation rules) and gated at P ≥ 0.97, R ≥ 0.99. */
export const UNGATED_ENTITY_TYPES: readonly BuiltInEntityType[] = ['person_name', 'street_address'];

/**
 * Overlap resolution: when two findings overlap, the longer wins; on equal length, the
 * higher priority (more specific detector) wins.
 */
export const ENTITY_PRIORITY: Readonly<Record<BuiltInEntityType, number>> = {
  private_key: 100,
  jwt: 95,
  anthropic_key: 94,
  openai_key: 93,
  github_token: 92,
  slack_webhook: 92,
  slack_token: 91,
  stripe_key: 91,
  google_api_key: 91,
  huggingface_token: 91,
  aws_access_key_id: 91,
  aws_secret_key: 90,
  url_credentials: 89,
  auth_header: 85,
  secret_assignment: 80,
  sensitive_key: 80,
  email: 70,
  iban: 66,
  credit_card: 65,
  ssn: 64,
  date_of_birth: 62,
  phone: 60,
  ipv6: 58,
  ipv4: 57,
  street_address: 40,
  person_name: 30,
};

/** Whether a string names a built-in entity type. */
export function isBuiltInEntityType(value: string): value is BuiltInEntityType {
  return (BUILT_IN_ENTITY_TYPES as readonly string[]).includes(value);
}
