import { Module } from '@nestjs/common';
import { DatabaseModule, PrincipalValidator } from '@tuki/platform';
import { PasswordHasher } from './auth/password-hasher';
import { SignInThrottle } from './auth/sign-in-throttle';
import { Helpline } from './helpline.entity';
import { HelplinesService } from './helplines.service';
import { CreateStaff1764382000000 } from './migrations/1764382000000-CreateStaff';
import { SignInService } from './sign-in.service';
import { StaffSession } from './staff-session.entity';
import { StaffSessions } from './staff-sessions';
import { StaffUser } from './staff-user.entity';
import { StaffUsersService } from './staff-users.service';

/** Staff accounts, roles, sign-in and helplines; also the PrincipalValidator the platform's guard relies on. */
@Module({
  imports: [DatabaseModule.forFeature([Helpline, StaffUser, StaffSession], [CreateStaff1764382000000])],
  providers: [
    PasswordHasher,
    SignInThrottle,
    StaffSessions,
    { provide: PrincipalValidator, useExisting: StaffSessions },
    StaffUsersService,
    SignInService,
    HelplinesService,
  ],
  exports: [PrincipalValidator, StaffUsersService, SignInService, HelplinesService, SignInThrottle],
})
export class StaffModule {}
