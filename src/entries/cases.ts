/** Entry points about a case's life: closing it. */
import {closeCase as closeCaseUseCase} from '../app/close-case';
import {interactiveDeps} from '../gas/services';

export function closeCase(args: unknown) {
  return closeCaseUseCase(interactiveDeps(), args);
}
