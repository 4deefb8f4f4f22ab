import {
  type Capability,
  HASHING_ROUTE_THROTTLE,
  type HttpRoute,
  SENDING_ROUTE_THROTTLE,
  TOKEN_ROUTE_THROTTLE,
} from '#shared/catalog';

/** Hashing a password with scrypt takes 128 MiB and a CPU-second's share: these routes get room for it. */
const HASHING = { memoryMb: 1024, timeoutSeconds: 15, throttle: HASHING_ROUTE_THROTTLE } as const;
const ACCOUNT_WRITES: readonly Capability[] = ['table:write'];
const WITH_MAIL: readonly Capability[] = ['table:write', 'mail'];

export const authRoutes: readonly HttpRoute[] = [
  {
    name: 'Register',
    method: 'POST',
    path: '/v1/auth/register',
    entry: 'functions/auth/register.ts',
    auth: 'none',
    uses: WITH_MAIL,
    ...HASHING,
  },
  {
    name: 'VerifyEmailLink',
    method: 'GET',
    path: '/v1/auth/verify',
    entry: 'functions/auth/verify-email-link.ts',
    auth: 'none',
    uses: ACCOUNT_WRITES,
  },
  {
    name: 'VerifyEmail',
    method: 'POST',
    path: '/v1/auth/verify',
    entry: 'functions/auth/verify-email.ts',
    auth: 'none',
    uses: ACCOUNT_WRITES,
  },
  {
    name: 'ResendVerification',
    method: 'POST',
    path: '/v1/auth/resend-verification',
    entry: 'functions/auth/resend-verification.ts',
    auth: 'none',
    uses: WITH_MAIL,
    throttle: SENDING_ROUTE_THROTTLE,
  },
  {
    name: 'Login',
    method: 'POST',
    path: '/v1/auth/login',
    entry: 'functions/auth/login.ts',
    auth: 'none',
    uses: [...ACCOUNT_WRITES, 'issue-tokens'],
    ...HASHING,
  },
  {
    name: 'Refresh',
    method: 'POST',
    path: '/v1/auth/refresh',
    entry: 'functions/auth/refresh.ts',
    auth: 'none',
    uses: [...ACCOUNT_WRITES, 'issue-tokens'],
    throttle: TOKEN_ROUTE_THROTTLE,
  },
  {
    name: 'Logout',
    method: 'POST',
    path: '/v1/auth/logout',
    entry: 'functions/auth/logout.ts',
    auth: 'none',
    uses: ACCOUNT_WRITES,
  },
  {
    name: 'ForgotPassword',
    method: 'POST',
    path: '/v1/auth/password/forgot',
    entry: 'functions/auth/forgot-password.ts',
    auth: 'none',
    uses: WITH_MAIL,
    throttle: SENDING_ROUTE_THROTTLE,
  },
  {
    name: 'ResetPassword',
    method: 'POST',
    path: '/v1/auth/password/reset',
    entry: 'functions/auth/reset-password.ts',
    auth: 'none',
    uses: ACCOUNT_WRITES,
    ...HASHING,
  },
  {
    name: 'GetMe',
    method: 'GET',
    path: '/v1/me',
    entry: 'functions/auth/get-me.ts',
    auth: 'required',
    uses: ['table:read'],
  },
];
