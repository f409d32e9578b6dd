// ESLint (flat config) for the site's browser scripts and the Node door of `kb export kit`.
// Versions pinned in package.json; `make test` and tests/test_js_lint.py require zero findings.
import js from "@eslint/js";
import globals from "globals";

// Rules beyond "recommended" that catch real bugs rather than style.
const bugRules = {
  "no-unused-vars": ["error", { args: "after-used", ignoreRestSiblings: true, caughtErrors: "all" }],
  eqeqeq: ["error", "smart"],
  // French typography puts a no-break space before ":" in UI texts; template literals are
  // text like strings (which the rule skips by default).
  "no-irregular-whitespace": ["error", { skipStrings: true, skipTemplates: true }],
  "no-undef": ["error", { typeof: false }],
  "array-callback-return": "error",
  "no-self-compare": "error",
  "no-template-curly-in-string": "error",
  "no-unmodified-loop-condition": "error",
  "no-unreachable-loop": "error",
  "no-promise-executor-return": "error",
  "no-constructor-return": "error",
  "no-use-before-define": ["error", { functions: false, classes: true, variables: true }],
  "no-loop-func": "error",
  "no-shadow-restricted-names": "error",
};

export default [
  // Third-party code copied unchanged (see its VENDORED.txt): not ours to lint.
  { ignores: ["docs/assets/javascripts/vendor/**"] },
  js.configs.recommended,
  {
    files: ["docs/assets/javascripts/**/*.js", "scripts/**/*.mjs"],
    linterOptions: { reportUnusedDisableDirectives: "error" },
    languageOptions: { ecmaVersion: 2022 },
    rules: bugRules,
  },
  // Classic scripts listed in mkdocs.yml extra_javascript: no modules, one IIFE each.
  // kb-common.js defines the global KB; kb-common.js and kb-search.js are also require()d by
  // the tests under Node, where they use module/require behind a typeof guard.
  {
    files: ["docs/assets/javascripts/kb.js", "docs/assets/javascripts/kb-common.js",
            "docs/assets/javascripts/kb-finder.js", "docs/assets/javascripts/kb-search.js"],
    languageOptions: {
      sourceType: "script",
      globals: { ...globals.browser, KB: "readonly", module: "readonly", require: "readonly" },
    },
    rules: { "no-implicit-globals": "error" },
  },
  // ES modules loaded with <script type="module"> (kb-basket.js) and the kit writer they
  // import (kit-writer.js and its modules under kit/).
  {
    files: ["docs/assets/javascripts/kit-writer.js", "docs/assets/javascripts/kit/**/*.js",
            "docs/assets/javascripts/kb-basket.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.browser } },
  },
  // The Node door of `kb export kit` (scripts/kb/export/kit_node.mjs).
  {
    files: ["scripts/**/*.mjs"],
    languageOptions: { sourceType: "module", globals: { ...globals.node } },
  },
];
