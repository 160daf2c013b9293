/**
 * The child's identifying fields, as the referral alert and the emergency
 * placement notice both ask for them (SPEC section 3): a reference in the
 * agency's system and initials, never a name.
 */
import {Kit} from './form-kit';

export function childFields(kit: Kit, legalStatusHint: string): HTMLElement[] {
  return [
    kit.text({
      id: 'child.childRef',
      label: "Child's reference",
      hint: "The child's ID in your agency's case system. Not their name.",
      required: true,
    }).wrap,
    kit.text({
      id: 'child.initials',
      label: "Child's initials",
      hint: 'For example A.B.',
      required: true,
    }).wrap,
    kit.text({
      id: 'child.dateOfBirth',
      label: 'Date of birth',
      type: 'date',
      required: true,
    }).wrap,
    kit.text({
      id: 'child.legalStatus',
      label: 'Legal status',
      hint: legalStatusHint,
      required: true,
    }).wrap,
  ];
}
