import { useEffect, useId, useRef } from "react";
import { KUERZEL, useKuerzelSchalter } from "../tastenkuerzel";

/** The overview of the shortcuts ("?"), with the switch that turns the single keys off. */
export function KuerzelHilfe({ offen, onSchliessen }: { offen: boolean; onSchliessen: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titel = useId();
  const [an, setAn] = useKuerzelSchalter();
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (offen && !d.open) d.showModal();
    if (!offen && d.open) d.close();
  }, [offen]);
  return (
    <dialog
      ref={dialog}
      className="kern-dialog"
      aria-labelledby={titel}
      onCancel={(e) => {
        e.preventDefault();
        onSchliessen();
      }}
    >
      <header className="kern-dialog__header">
        <h2 className="kern-title" id={titel}>
          Tastenkürzel
        </h2>
      </header>
      <section className="kern-dialog__body">
        <table className="kern-table">
          <caption className="kern-sr-only">Tasten und was sie tun</caption>
          <thead className="kern-table__header">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">
                Taste
              </th>
              <th scope="col" className="kern-table__header">
                Wirkung
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {KUERZEL.map((k) => (
              <tr key={k.taste} className="kern-table__row">
                <td className="kern-table__cell">
                  <kbd>{k.taste}</kbd>
                </td>
                <td className="kern-table__cell">{k.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="kern-body kern-body--small">
          Die Tasten wirken nicht, während Sie in ein Feld schreiben. Mit einem Bildschirmleser im Lesemodus
          gelten dessen eigene Tasten.
        </p>
        <div className="kern-form-check">
          <input
            className="kern-form-check__checkbox"
            type="checkbox"
            id={`${titel}-an`}
            checked={an}
            onChange={(e) => setAn(e.target.checked)}
          />
          <label className="kern-label" htmlFor={`${titel}-an`}>
            Tastenkürzel mit einzelnen Tasten verwenden
          </label>
        </div>
      </section>
      <footer className="kern-dialog__footer">
        <button type="button" className="kern-btn kern-btn--primary" onClick={onSchliessen}>
          <span className="kern-label">Schließen</span>
        </button>
      </footer>
    </dialog>
  );
}
