import { Module } from '@nestjs/common';
import { DatabaseModule, PrincipalValidator, ServiceCredentialValidator } from '@tuki/platform';
import { PasswordHasher } from './auth/password-hasher';
import { SignInThrottle } from './auth/sign-in-throttle';
import { Helpline } from './helpline.entity';
import { HelplinesService } from './helplines.service';
import { CreateStaff1764382000000 } from './migrations/1764382000000-CreateStaff';
import { CreateServiceCredentials1764383000000 } from './migrations/1764383000000-CreateServiceCredentials';
import { ServiceCredential } from './service-credential.entity';
import { ServiceCredentialsService } from './service-credentials.service';
import { SignInService } from './sign-in.service';
import { StaffSession } from './staff-session.entity';
import { StaffSessions } from './staff-sessions';
import { StaffUser } from './staff-user.entity';
import { StaffUsersService } from './staff-users.service';

/** Staff accounts, roles, sign-in and helplines; also the PrincipalValidator the platform's guard relies on. */
@Module({
  imports: [
    DatabaseModule.forFeature(
      [Helpline, StaffUser, StaffSession, ServiceCredential],
      [CreateStaff1764382000000, CreateServiceCredentials1764383000000],
    ),
  ],
  providers: [
    PasswordHasher,
    SignInThrottle,
    StaffSessions,
    { provide: PrincipalValidator, useExisting: StaffSessions },
    ServiceCredentialsService,
    { provide: ServiceCredentialValidator, useExisting: ServiceCredentialsService },
    StaffUsersService,
    SignInService,
    HelplinesService,
  ],
  exports: [
    PrincipalValidator,
    ServiceCredentialValidator,
    ServiceCredentialsService,
    StaffUsersService,
    SignInService,
    HelplinesService,
    SignInThrottle,
  ],
})
export class StaffModule {}
