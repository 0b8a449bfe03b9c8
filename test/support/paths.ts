// Where the tests find the repository and their data, wherever the spec file sits in test/.
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Captured and seed tool outputs (test/fixtures). */
export const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");
/** The report renderings' golden files (test/unit/outputs/golden). */
export const GOLDEN = path.join(REPO_ROOT, "test", "unit", "outputs", "golden");
