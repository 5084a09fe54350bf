import { ApiError, element, show } from '../shared/dom';
import type { Session } from '../shared/session';

/*
 * The administration page's sign-in: login, password and the authenticator code (supervisors and admins always need
 * one). An account that has no authenticator yet (new, or reset by an admin) is shown a new key and signs in with the
 * app's first code: the server answers MFA_ENROLMENT_REQUIRED, the page asks for the key (POST /auth/mfa/enrol) and
 * confirms it (POST /auth/mfa/confirm). Passwords and the key stay in the form's fields only while needed.
 */
export class SignInForm {
  private enrolling = false;

  constructor(
    private readonly session: Session,
    private readonly announce: (text: string) => void,
    private readonly signedIn: () => Promise<void>,
  ) {
    element<HTMLFormElement>('sign-in').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
  }

  /** Shows the empty form (first load, sign-out, a lost session), with why when there is a reason. */
  reset(reason: string | null): void {
    this.enrolling = false;
    for (const id of ['password', 'totp', 'enrol-code']) element<HTMLInputElement>(id).value = '';
    element('enrol-secret').textContent = '';
    element('enrol-link').removeAttribute('href');
    show(element('enrolment'), false);
    show(element('credentials'), true);
    element('sign-in-button').textContent = 'Sign in';
    this.error(reason);
    show(element('sign-in'), true);
    element<HTMLInputElement>('login').focus();
  }

  private async submit(): Promise<void> {
    const login = element<HTMLInputElement>('login').value.trim();
    const password = element<HTMLInputElement>('password').value;
    try {
      if (this.enrolling) {
        await this.session.confirmEnrolment(login, password, digits(element<HTMLInputElement>('enrol-code').value));
      } else {
        const totp = digits(element<HTMLInputElement>('totp').value);
        await this.session.signIn(login, password, totp || undefined);
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === 'MFA_ENROLMENT_REQUIRED' && !this.enrolling) {
        await this.beginEnrolment(login, password);
        return;
      }
      element<HTMLInputElement>('totp').value = '';
      element<HTMLInputElement>('enrol-code').value = '';
      this.error((error as Error).message);
      return;
    }
    this.error(null);
    for (const id of ['password', 'totp', 'enrol-code']) element<HTMLInputElement>(id).value = '';
    show(element('sign-in'), false);
    await this.signedIn();
  }

  private async beginEnrolment(login: string, password: string): Promise<void> {
    try {
      const enrolment = await this.session.beginEnrolment(login, password);
      this.enrolling = true;
      element('enrol-secret').textContent = enrolment.secret.replace(/(.{4})/g, '$1 ').trim();
      element('enrol-link').setAttribute('href', enrolment.uri);
      show(element('credentials'), false);
      show(element('enrolment'), true);
      element('sign-in-button').textContent = 'Confirm and sign in';
      this.error(null);
      this.announce('Set up an authenticator app: the key is shown.');
      element('enrol-code').focus();
    } catch (error) {
      this.error((error as Error).message);
    }
  }

  /** A refusal shows above the fields and is said in the page's live region. */
  private error(text: string | null): void {
    const box = element('sign-in-error');
    box.textContent = text ?? '';
    show(box, text !== null);
    if (text !== null) this.announce(text);
  }
}

function digits(value: string): string {
  return value.replace(/\s+/g, '');
}
