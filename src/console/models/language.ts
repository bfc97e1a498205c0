// The console's language: chosen in the header, remembered on the device, and the translate function for it.
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Language } from '../../store/settings.js';
import { consoleTranslator, type ConsoleTranslate } from '../i18n/index.js';

/** The language and its messages. */
export interface LanguageModel {
  language: ReadonlySignal<Language>;
  t: ReadonlySignal<ConsoleTranslate>;
  choose(language: Language): void;
}

/** A language model starting at `initial`, remembering each choice with `remember`. */
export function createLanguage(initial: Language, remember: (l: Language) => void): LanguageModel {
  const language = signal(initial);
  return {
    language,
    t: computed(() => consoleTranslator(language.value)),
    choose(l) {
      language.value = l;
      remember(l);
    },
  };
}
