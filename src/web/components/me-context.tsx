// The signed-in person, available to every page below the sign-in guard.
import { createContext, useContext } from 'react';
import type { Me } from '../api/types.ts';

/** Holds the MeResponse once the guard has loaded it. */
export const MeContext = createContext<Me | null>(null);

/** The signed-in person; only valid inside RequireSignedIn. */
export function useCurrentMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useCurrentMe used outside RequireSignedIn');
  return me;
}
