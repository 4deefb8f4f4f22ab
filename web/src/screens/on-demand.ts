/**
 * The screens loaded on demand (routes.tsx): the ones a person opens rarely (settings, the operator's, reports,
 * signing up and recovering a password), in one module: one chunk for all of them, so the first load shares
 * a single chunk with it instead of one per screen.
 */
export { Confirm } from './confirm';
export { FollowRequests } from './follow-requests';
export { ForgotPassword } from './forgot-password';
export { Moderation } from './moderation';
export { ReportScreen } from './report';
export { ResetPassword } from './reset-password';
export { Settings } from './settings';
export { SignUp } from './sign-up';
