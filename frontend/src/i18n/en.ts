import { admin } from "./en/admin";
import { auth } from "./en/auth";
import { billing } from "./en/billing";
import { common } from "./en/common";
import { doctor } from "./en/doctor";
import { patient } from "./en/patient";
import { publicPages } from "./en/public";
import { record } from "./en/record";
import { reviews } from "./en/reviews";
import { support } from "./en/support";
import { talk } from "./en/talk";

/** The English words of the app; the German ones (./de.ts) have the same keys, which tsc checks. */
export const en = { ...common, auth, public: publicPages, patient, doctor, admin, record, support, reviews, talk, billing };

export type Resources = typeof en;
