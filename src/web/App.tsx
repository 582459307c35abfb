import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { api, ApiError, setCsrfToken } from "./api/client";
import type { Abmeldung, Me } from "./api/types";
import { Kopfmenue } from "./components/Kopfmenue";
import { KuerzelHilfe } from "./components/KuerzelHilfe";
import { useTastenkuerzel } from "./tastenkuerzel";
import { AnsageProvider, Laden } from "./components/ui";
import { Anmeldung } from "./pages/Anmeldung";
import { Startseite } from "./pages/Startseite";
import { Link, match, navigate, useLocation } from "./router";
import { eingebetteteSitzung, hatRolle, SessionContext } from "./session";

import AkteSeite from "./pages/Akte";
import AkteNeu from "./pages/AkteNeu";
import Aktenplan from "./pages/Aktenplan";
import DokumentSeite from "./pages/Dokument";
import Glossar from "./pages/Glossar";
import NichtGefunden from "./pages/NichtGefunden";
import Posteingang from "./pages/Posteingang";
import Suche from "./pages/Suche";
import VorgangSeite from "./pages/Vorgang";

// The everyday pages are in the main bundle, so opening one by its address needs no second script
// before the first paint. Rare pages (and pdf.js) load on demand.
const Verwaltung = lazy(() => import("./pages/Verwaltung"));
const Aussonderung = lazy(() => import("./pages/Aussonderung"));
const Barrierefreiheit = lazy(() => import("./pages/Barrierefreiheit"));
const Konto = lazy(() => import("./pages/Konto"));
const Kennzahlen = lazy(() => import("./pages/Kennzahlen"));
const Kennzahlenkatalog = lazy(() => import("./pages/Kennzahlenkatalog"));
const Strategie = lazy(() => import("./pages/Strategie"));
const Einfuehrung = lazy(() => import("./pages/Einfuehrung"));

const OEFFENTLICH = ["/barrierefreiheit", "/glossar"];

function Inhalt({ pathname }: { pathname: string }) {
  let p: Record<string, string> | null;
  if (pathname === "/") return <Startseite />;
  if (pathname === "/aktenplan") return <Aktenplan />;
  if (pathname === "/akten/neu") return <AkteNeu />;
  if ((p = match("/akten/:id", pathname))) return <AkteSeite id={p.id!} />;
  if ((p = match("/vorgaenge/:id", pathname))) return <VorgangSeite id={p.id!} />;
  if ((p = match("/dokumente/:id", pathname))) return <DokumentSeite id={p.id!} />;
  if (pathname === "/suche") return <Suche />;
  if (pathname === "/posteingang") return <Posteingang />;
  if (pathname === "/verwaltung") return <Verwaltung />;
  if (pathname === "/aussonderung") return <Aussonderung />;
  if (pathname === "/konto") return <Konto />;
  if (pathname === "/steuerung") return <Kennzahlen />;
  if (pathname === "/steuerung/katalog") return <Kennzahlenkatalog />;
  if (pathname === "/steuerung/strategie") return <Strategie />;
  if ((p = match("/steuerung/einfuehrung/:oeId", pathname))) return <Einfuehrung oeId={p.oeId!} />;
  if (pathname === "/barrierefreiheit") return <Barrierefreiheit />;
  if (pathname === "/glossar") return <Glossar />;
  return <NichtGefunden />;
}

/** The main navigation's links (shown in a row on wide screens, in the menu on a phone). */
function Navigation({ me, pathname }: { me: Me; pathname: string }) {
  return (
    <ul className="kern-list kern-list--horizontal">
      <li>
        <Link href="/" aria-current={pathname === "/" ? "page" : undefined}>
          Startseite
        </Link>
      </li>
      <li>
        <Link href="/aktenplan" aria-current={pathname === "/aktenplan" ? "page" : undefined}>
          Aktenplan
        </Link>
      </li>
      <li>
        <Link href="/suche" aria-current={pathname === "/suche" ? "page" : undefined}>
          Suche
        </Link>
      </li>
      <li>
        <Link href="/posteingang" aria-current={pathname === "/posteingang" ? "page" : undefined}>
          Posteingang
        </Link>
      </li>
      {hatRolle(me, "Administration", "Registratur") && (
        <li>
          <Link href="/verwaltung" aria-current={pathname === "/verwaltung" ? "page" : undefined}>
            Verwaltung
          </Link>
        </li>
      )}
      {hatRolle(me, "Registratur", "Archiv") && (
        <li>
          <Link href="/aussonderung" aria-current={pathname === "/aussonderung" ? "page" : undefined}>
            Aussonderung
          </Link>
        </li>
      )}
      {hatRolle(me, "Steuerung", "Leitung") && (
        <li>
          <Link
            href="/steuerung"
            aria-current={
              pathname === "/steuerung" ||
              pathname.startsWith("/steuerung/strategie") ||
              pathname.startsWith("/steuerung/einfuehrung/")
                ? "page"
                : undefined
            }
          >
            Steuerung
          </Link>
        </li>
      )}
      {hatRolle(me, "Personalrat") && !hatRolle(me, "Steuerung", "Leitung") && (
        <li>
          <Link
            href="/steuerung/katalog"
            aria-current={pathname === "/steuerung/katalog" ? "page" : undefined}
          >
            Kennzahlenkatalog
          </Link>
        </li>
      )}
      <li>
        <Link href="/glossar" aria-current={pathname === "/glossar" ? "page" : undefined}>
          Glossar
        </Link>
      </li>
    </ul>
  );
}

export function App() {
  const { pathname } = useLocation();
  // The server embeds who is signed in; only a page without it (the dev server) asks /auth/me.
  const [me, setMe] = useState<Me | null | undefined>(() => {
    const m = eingebetteteSitzung();
    if (m) setCsrfToken(m.csrfToken ?? null);
    return m;
  });
  const [ansage, setAnsage] = useState("");
  const [hilfe, setHilfe] = useState(false);
  const zeigeKuerzel = useCallback(() => setHilfe(true), []);
  useTastenkuerzel(Boolean(me), zeigeKuerzel);

  useEffect(() => {
    if (me !== undefined) return;
    api<Me>("GET", "/api/v1/auth/me").then(
      (m) => {
        setCsrfToken(m.csrfToken ?? null);
        setMe(m);
      },
      (e: unknown) => setMe(e instanceof ApiError && e.status === 401 ? null : null),
    );
    // Only once, at the start: later changes come from signing in and out.
  }, []);

  const angemeldet = useCallback((m: Me) => {
    setCsrfToken(m.csrfToken ?? null);
    setMe(m);
  }, []);
  const abmelden = useCallback(async () => {
    const ende = await api<Abmeldung | undefined>("POST", "/api/v1/auth/logout").catch(() => undefined);
    setCsrfToken(null);
    setMe(null);
    // Signed in through the county's provider: sign out there too, it sends the browser back.
    if (ende?.weiterleitung) window.location.assign(ende.weiterleitung);
    else navigate("/", { replace: true });
  }, []);
  const ansagen = useCallback((text: string) => {
    setAnsage("");
    window.setTimeout(() => setAnsage(text), 50);
  }, []);

  const oeffentlich = OEFFENTLICH.includes(pathname);
  return (
    <AnsageProvider value={ansagen}>
      <a className="skiplink" href="#inhalt">
        Zum Inhalt springen
      </a>
      <header className="kopf">
        <div className="kern-kopfzeile">
          <div className="kern-container">
            <div className="kern-kopfzeile__content">
              <span className="kern-kopfzeile__flagge" aria-hidden="true" />
              <span className="kern-kopfzeile__label">Landkreis Musterkreis – Verwaltung</span>
            </div>
          </div>
        </div>
        <div className="kern-container kopf__leiste">
          <Link href="/" className="marke">
            Aktenwerk
          </Link>
          {me && (
            <nav aria-label="Hauptnavigation" className="hauptnavigation">
              <Kopfmenue
                className="hauptnavigation__telefon"
                beschriftung="Menü"
                knopf={
                  <>
                    <span className="kern-icon kern-icon--dehaze" aria-hidden="true" />
                    <span className="kern-label">Menü</span>
                  </>
                }
              >
                <Navigation me={me} pathname={pathname} />
              </Kopfmenue>
              <div className="hauptnavigation__breit">
                <Navigation me={me} pathname={pathname} />
              </div>
            </nav>
          )}
          {me && (
            <Kopfmenue
              className="benutzer"
              knopf={
                <>
                  <span className="kern-icon kern-icon--account-circle" aria-hidden="true" />
                  <span className="kern-label benutzer__name">
                    <span className="kern-sr-only">Angemeldet als </span>
                    {me.benutzer.anzeigename}
                    {me.organisationseinheiten[0] && (
                      <span className="benutzer__oe"> · {me.organisationseinheiten[0].kuerzel}</span>
                    )}
                  </span>
                  <span className="kern-sr-only">: Profil und Einstellungen</span>
                </>
              }
            >
              <ul className="kern-list profilmenue">
                <li>
                  <Link href="/konto" aria-current={pathname === "/konto" ? "page" : undefined}>
                    Mein Konto
                  </Link>
                </li>
                <li>
                  <Link href="/konto#abwesenheit">Abwesenheit und Vertretung</Link>
                </li>
                <li>
                  <Link href="/konto#abwesenheit">Täglicher Bericht per E-Mail</Link>
                </li>
                <li>
                  <button type="button" className="kern-btn kern-btn--tertiary" onClick={zeigeKuerzel}>
                    <span className="kern-label">Tastenkürzel (?)</span>
                  </button>
                </li>
                <li>
                  <button
                    type="button"
                    className="kern-btn kern-btn--tertiary"
                    onClick={() => void abmelden()}
                  >
                    <span className="kern-icon kern-icon--logout" aria-hidden="true" />
                    <span className="kern-label">Abmelden</span>
                  </button>
                </li>
              </ul>
            </Kopfmenue>
          )}
        </div>
      </header>
      <main id="inhalt" tabIndex={-1} className="kern-container inhalt">
        {me === undefined ? (
          <Laden text="Anmeldung wird geprüft …" />
        ) : me === null && !oeffentlich ? (
          <Anmeldung onAngemeldet={angemeldet} />
        ) : (
          <SessionContext.Provider value={me ? { me, abmelden } : null}>
            <Suspense fallback={<Laden />}>
              <Inhalt pathname={pathname} />
            </Suspense>
          </SessionContext.Provider>
        )}
      </main>
      <footer className="fuss">
        <div className="kern-container">
          <ul className="kern-list kern-list--horizontal">
            <li>
              <Link href="/barrierefreiheit">Erklärung zur Barrierefreiheit</Link>
            </li>
            <li>
              <a href="mailto:barrierefreiheit@landkreis-demo.example?subject=Barriere%20in%20Aktenwerk%20melden">
                Barriere melden (Feedback)
              </a>
            </li>
            <li>
              <Link href="/glossar">Glossar</Link>
            </li>
            <li>
              <a href="/api/docs">API-Dokumentation</a>
            </li>
          </ul>
        </div>
      </footer>
      {me && <KuerzelHilfe offen={hilfe} onSchliessen={() => setHilfe(false)} />}
      <div className="kern-sr-only" role="status" aria-live="polite" aria-atomic="true">
        {ansage}
      </div>
    </AnsageProvider>
  );
}
