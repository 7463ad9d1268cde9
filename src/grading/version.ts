/** The Orchestra version written into every GradeResult (kept equal to package.json by a test). */
export const ORCHESTRA_VERSION = '0.1.0';
