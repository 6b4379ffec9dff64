import type { BuiltInEntityType } from '../entity-types';
import type { IpRangeKind } from '../validators/ip-address-parser';
import {
  authHeaderDetector,
  awsSecretKeyDetector,
  secretAssignmentDetector,
} from './assignment-detectors';
import { createCardDetector } from './card-detector';
import { emailDetector, urlCredentialsDetector } from './contact-detectors';
import type { Detector } from './detector';
import { createIpv4Detector, createIpv6Detector } from './ip-detectors';
import { personNameDetector } from './name-detector';
import { createPhoneDetector } from './phone-detector';
import {
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

/** Settings of the built-in detectors that options can change. */
export interface DetectorSettings {
  readonly keepIpRanges: readonly IpRangeKind[];
  /** Regions a phone number without a country code may belong to. */
  readonly phoneRegions: readonly string[];
  readonly phoneContextWords: readonly string[];
  readonly cardContextWords: readonly string[];
}

/** Text detectors for every built-in type except `sensitive_key` (a JSON-only rule). */
export function builtInDetectors(
  settings: DetectorSettings,
): ReadonlyMap<BuiltInEntityType, Detector> {
  const { keepIpRanges } = settings;
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
    ['credit_card', createCardDetector({ extraContextWords: settings.cardContextWords })],
    ['ssn', ssnDetector],
    ['date_of_birth', dateOfBirthDetector],
    [
      'phone',
      createPhoneDetector({
        regions: settings.phoneRegions,
        extraContextWords: settings.phoneContextWords,
      }),
    ],
    ['ipv6', createIpv6Detector(keepIpRanges)],
    ['ipv4', createIpv4Detector(keepIpRanges)],
    ['street_address', streetAddressDetector],
    ['person_name', personNameDetector],
  ];
  return new Map(list);
}
