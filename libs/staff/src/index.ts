// The public door of @tuki/staff: staff accounts, roles, sign-in, MFA and helplines.
export * from './staff.module';
export * from './staff.errors';
export * from './staff-users.service';
export * from './sign-in.service';
export * from './helplines.service';
export * from './mfa-policy';
export * from './dto/staff-user.dto';
export * from './dto/sign-in.dto';
export * from './dto/helpline.dto';
export * from './auth/auth.errors';
export * from './auth/totp';
export * from './auth/sign-in-subject';
export * from './service-credentials.service';
export * from './dto/service-credential.dto';
