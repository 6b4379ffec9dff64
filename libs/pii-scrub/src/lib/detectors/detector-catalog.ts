import type { BuiltInEntityType } from '../entity-types';
import type { IpRangeKind } from '../validators/ip-address-parser';
import {
  authHeaderDetector,
  awsSecretKeyDetector,
  secretAssignmentDetector,
} from './assignment-detectors';
import { emailDetector, phoneDetector, urlCredentialsDetector } from './contact-detectors';
import type { Detector } from './detector';
import { createIpv4Detector, createIpv6Detector } from './ip-detectors';
import { personNameDetector } from './name-detector';
import {
  creditCardDetector,
  dateOfBirthDetector,
  ibanDetector,
  ssnDetector,
  streetAddressDetector,
} from './number-detectors';
import {
  anthropicKeyDetector,
  awsAccessKeyIdDetector,
  githubTokenDetector,
  googleApiKeyDetector,
  huggingFaceTokenDetector,
  jwtDetector,
  openAiKeyDetector,
  privateKeyDetector,
  slackTokenDetector,
  slackWebhookDetector,
  stripeKeyDetector,
} from './secret-detectors';

/** Text detectors for every built-in type except `sensitive_key` (a JSON-only rule). */
export function builtInDetectors(
  keepIpRanges: readonly IpRangeKind[],
): ReadonlyMap<BuiltInEntityType, Detector> {
  const list: Array<[BuiltInEntityType, Detector]> = [
    ['private_key', privateKeyDetector],
    ['jwt', jwtDetector],
    ['anthropic_key', anthropicKeyDetector],
    ['openai_key', openAiKeyDetector],
    ['google_api_key', googleApiKeyDetector],
    ['huggingface_token', huggingFaceTokenDetector],
    ['aws_access_key_id', awsAccessKeyIdDetector],
    ['aws_secret_key', awsSecretKeyDetector],
    ['github_token', githubTokenDetector],
    ['slack_token', slackTokenDetector],
    ['slack_webhook', slackWebhookDetector],
    ['stripe_key', stripeKeyDetector],
    ['url_credentials', urlCredentialsDetector],
    ['auth_header', authHeaderDetector],
    ['secret_assignment', secretAssignmentDetector],
    ['email', emailDetector],
    ['iban', ibanDetector],
    ['credit_card', creditCardDetector],
    ['ssn', ssnDetector],
    ['date_of_birth', dateOfBirthDetector],
    ['phone', phoneDetector],
    ['ipv6', createIpv6Detector(keepIpRanges)],
    ['ipv4', createIpv4Detector(keepIpRanges)],
    ['street_address', streetAddressDetector],
    ['person_name', personNameDetector],
  ];
  return new Map(list);
}
