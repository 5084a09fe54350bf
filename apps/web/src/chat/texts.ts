/** The page's own words in the languages Tuki ships; a helpline's texts (questions, topics) come from its settings. */
export type UiLanguage = 'en' | 'fi' | 'sv';
export type Texts = { en: string; fi?: string; sv?: string };

export function pick(texts: Texts, language: string): string {
  return (texts as Record<string, string | undefined>)[language] ?? texts.en;
}

const en = {
  title: 'Chat with a counsellor',
  intro: 'Anonymous: we do not ask your name. Nothing of this chat stays in your browser.',
  triageLegend: 'Before we start (you may skip these)',
  start: 'Start chat',
  quickExit: 'Quick exit',
  send: 'Send',
  leave: 'End chat',
  place: 'You are number {position} in the queue.',
  waitAbout: 'Estimated wait: about {minutes} min.',
  waitUnknown: 'Nobody can answer right now; you can leave a number.',
  connected: 'A counsellor is with you.',
  ended: 'The chat has ended. Thank you for writing.',
  callbackOffer: 'The wait is long. Leave a number and we will call you back; you keep your place.',
  callbackPromised: 'We will call you back.',
  callbackBy: 'We will call you back by {time}.',
};

export const TEXTS: Record<UiLanguage, typeof en> & { languageNames: Record<string, string> } = {
  en,
  fi: {
    title: 'Keskustele päivystäjän kanssa',
    intro: 'Nimettömästi: emme kysy nimeäsi. Keskustelusta ei jää mitään selaimeesi.',
    triageLegend: 'Ennen kuin aloitamme (voit ohittaa nämä)',
    start: 'Aloita keskustelu',
    quickExit: 'Poistu heti',
    send: 'Lähetä',
    leave: 'Lopeta keskustelu',
    place: 'Olet jonossa sijalla {position}.',
    waitAbout: 'Arvioitu odotus: noin {minutes} min.',
    waitUnknown: 'Kukaan ei juuri nyt voi vastata; voit jättää numeron.',
    connected: 'Päivystäjä on kanssasi.',
    ended: 'Keskustelu on päättynyt. Kiitos, että kirjoitit.',
    callbackOffer: 'Odotus on pitkä. Jätä numero, niin soitamme sinulle; pidät paikkasi jonossa.',
    callbackPromised: 'Soitamme sinulle.',
    callbackBy: 'Soitamme sinulle viimeistään klo {time}.',
  },
  sv: {
    title: 'Chatta med en jourhavande',
    intro: 'Anonymt: vi frågar inte ditt namn. Inget av chatten stannar i din webbläsare.',
    triageLegend: 'Innan vi börjar (du kan hoppa över)',
    start: 'Starta chatten',
    quickExit: 'Lämna snabbt',
    send: 'Skicka',
    leave: 'Avsluta chatten',
    place: 'Du är nummer {position} i kön.',
    waitAbout: 'Beräknad väntetid: cirka {minutes} min.',
    waitUnknown: 'Ingen kan svara just nu; du kan lämna ett nummer.',
    connected: 'En jourhavande är med dig.',
    ended: 'Chatten har avslutats. Tack för att du skrev.',
    callbackOffer: 'Väntetiden är lång. Lämna ett nummer så ringer vi upp; du behåller din plats.',
    callbackPromised: 'Vi ringer upp dig.',
    callbackBy: 'Vi ringer upp dig senast {time}.',
  },
  languageNames: { fi: 'Suomi', sv: 'Svenska', en: 'English' },
};
