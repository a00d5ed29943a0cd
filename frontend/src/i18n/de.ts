import { admin } from "./de/admin";
import { auth } from "./de/auth";
import { billing } from "./de/billing";
import { common } from "./de/common";
import { doctor } from "./de/doctor";
import { patient } from "./de/patient";
import { publicPages } from "./de/public";
import { record } from "./de/record";
import { reviews } from "./de/reviews";
import { support } from "./de/support";
import { talk } from "./de/talk";
import type { Resources } from "./en";
import type { Shape } from "./shape";

export const de: Shape<Resources> = { ...common, auth, public: publicPages, patient, doctor, admin, record, support, reviews, talk, billing };

