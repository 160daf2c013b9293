/**
 * Entry points of the outcome note (P3) and the funding agreement sign-off
 * (D7): the menu items that open their sidebars and the google.script.run
 * targets behind them.
 */
import {
  generateOutcomeNote as generateOutcomeNoteUseCase,
  getMySignatures as getMySignaturesUseCase,
  getOutcomeNotes as getOutcomeNotesUseCase,
  signFundingAgreement as signFundingAgreementUseCase,
} from '../app/outcome-note';
import {interactiveDeps, sidebarUi} from '../gas/services';

export function openOutcomeForm(): void {
  sidebarUi().showSidebar('OutcomeForm', 'Outcome note');
}
export function openSignForm(): void {
  sidebarUi().showSidebar('SignForm', 'Sign funding agreement');
}

/** {caseId, panelDate?, newFolder?, submissionId?} → {decisionId, version, pdfUrl, sharedWith, message, …} */
export function generateOutcomeNote(args: unknown) {
  return generateOutcomeNoteUseCase(interactiveDeps(), args);
}
/** {caseId, agency, version?} → {message, outstanding, …} */
export function signFundingAgreement(args: unknown) {
  return signFundingAgreementUseCase(interactiveDeps(), args);
}
/** The caller's unsigned funding agreements (SignForm's list). */
export function getMySignatures() {
  return getMySignaturesUseCase(interactiveDeps());
}
/** Decisions and their outcome notes, newest first (OutcomeForm's list). */
export function getOutcomeNotes() {
  return getOutcomeNotesUseCase(interactiveDeps());
}
