// The in-memory sign-in limits (the single server's default) against the shared contract.

import { memorySignInLimits } from '../../../server/auth/memory-sign-in-limits.ts';
import { signInLimitsContract } from './sign-in-limits.contract.ts';

signInLimitsContract('in-memory', async () => memorySignInLimits());
