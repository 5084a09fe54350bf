import { CallerSurrogate } from './caller-surrogate.entity';
import { CaseCategory } from './case-category.entity';
import { CaseContact } from './case-contact.entity';
import { CaseFollowUp } from './case-follow-up.entity';
import { CaseGrant } from './case-grant.entity';
import { CaseNote } from './case-note.entity';
import { CaseParticipant } from './case-participant.entity';
import { CaseReferral } from './case-referral.entity';
import { CaseSettingsRow } from './case-settings.entity';
import { Case } from './case.entity';
import { CreateCases1764394000000 } from './migrations/1764394000000-CreateCases';
import { RepeatConfirmation } from './repeat-confirmation.entity';
import { NoteDraft } from './note-draft.entity';
import { CreateNoteDrafts1765300000000 } from './migrations/1765300000000-CreateNoteDrafts';

/** The cases tables, for the module and for tests that build their own DataSource. */
export const CASES_ENTITIES = [
  Case,
  CaseCategory,
  CaseNote,
  CaseContact,
  CaseParticipant,
  CaseGrant,
  CaseReferral,
  CaseFollowUp,
  RepeatConfirmation,
  CaseSettingsRow,
  CallerSurrogate,
  NoteDraft,
];
export const CASES_MIGRATIONS = [CreateCases1764394000000, CreateNoteDrafts1765300000000];
