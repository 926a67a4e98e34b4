/**
 * GS1 EPCIS 2.0 JSON-LD for the record's events, and the way back for partner captures.
 *
 * Mapping (EPCIS 2.0 §7.4 event types, CBV 2.0 §7.1 bizStep / §7.2 disposition):
 * - `observed`      → ObjectEvent OBSERVE, bizStep `inspecting` (an item and/or lot seen at a station)
 * - `assembled`     → AggregationEvent ADD, bizStep `assembling` (parentID + childEPCs + childQuantityList)
 * - `disaggregated` → AggregationEvent DELETE, bizStep `disassembling`
 * - `transformed`   → TransformationEvent, inputQuantityList → outputQuantityList (lots)
 * - `shipped`       → AggregationEvent ADD of the items into the shipment, bizStep `shipping`, disposition `in_transit`
 * - `returned`      → ObjectEvent OBSERVE, bizStep `receiving`, disposition `returned`
 * - `corrected`     → an error declaration (EPCIS 2.0 §7.4.1.2: the corrected event again, same eventID,
 *                     with `errorDeclaration.correctiveEventIDs`) followed by the corrective event.
 *
 * Identifiers: an item with a known GTIN is a GS1 Digital Link URI (`https://id.gs1.org/01/{gtin}/21/{serial}`,
 * GS1 Digital Link 1.2 §4), a lot with a GTIN a class-level `…/01/{gtin}/10/{lot}`, an 18-digit shipment an SSCC
 * (`…/00/{sscc}`); anything else a private URN `urn:traceocr:{kind}:{code}`. Stations are read points
 * `urn:traceocr:station:{name}`.
 */
import { createHash } from 'node:crypto';
import type { NewEvent, StoredEvent } from '../trace/index.js';
import { TraceocrError } from '../core/errors.js';

/** The JSON-LD context of every document and event traceocr writes (EPCIS 2.0 §8.2 requires the standard context). */
export const EPCIS_CONTEXT: readonly unknown[] = [
  'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
  { traceocr: 'https://traceocr.dev/epcis/' },
];

/** One EPCIS 2.0 event as JSON (schema: EPCIS-JSON-Schema.json `ObjectEvent`, `AggregationEvent`, …). */
export type EpcisEvent = Record<string, unknown> & { readonly type: string; readonly eventID?: string };

/** An EPCIS 2.0 document (`EPCISDocument`). */
export interface EpcisDocument {
  readonly '@context': readonly unknown[];
  readonly type: 'EPCISDocument';
  readonly schemaVersion: '2.0';
  readonly creationDate: string;
  readonly epcisBody: { readonly eventList: readonly EpcisEvent[] };
}

const DL = 'https://id.gs1.org';

/** URI of an item (serial), a GS1 Digital Link when the GTIN is known. */
export function itemUri(serial: string, gtin?: string | null): string {
  return gtin ? `${DL}/01/${gtin}/21/${encodeURIComponent(serial)}` : `urn:traceocr:item:${encodeURIComponent(serial)}`;
}

/** URI of a lot (class level), a GS1 Digital Link when the GTIN is known. */
export function lotUri(lot: string, gtin?: string | null): string {
  return gtin ? `${DL}/01/${gtin}/10/${encodeURIComponent(lot)}` : `urn:traceocr:lot:${encodeURIComponent(lot)}`;
}

function shipmentUri(code: string): string {
  return /^\d{18}$/.test(code) ? `${DL}/00/${code}` : `urn:traceocr:shipment:${encodeURIComponent(code)}`;
}

function stationUri(station: string): string {
  return `urn:traceocr:station:${encodeURIComponent(station)}`;
}

/** Event id as a URI: store ids are UUIDs (`urn:uuid:`, RFC 4122 §3); others a private URN. */
export function eventUri(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? `urn:uuid:${id.toLowerCase()}` : `urn:traceocr:event:${encodeURIComponent(id)}`;
}

/** What an EPC or class URI names in the record. */
export interface ParsedEpc {
  readonly kind: 'item' | 'lot' | 'shipment';
  readonly code: string;
  readonly gtin?: string;
}

/** GS1 mod-10 check digit (GS1 General Specifications §7.9.1). */
function gs1CheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[digits.length - 1 - i]);
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** GTIN-14 from an EPC URN's company prefix and item reference (GS1 EPC Tag Data Standard §6.3.1). */
function gtinFromEpc(companyPrefix: string, itemRef: string): string | undefined {
  if (!/^\d+$/.test(companyPrefix) || !/^\d+$/.test(itemRef) || companyPrefix.length + itemRef.length !== 13) return undefined;
  const body = itemRef.slice(0, 1) + companyPrefix + itemRef.slice(1);
  return body + gs1CheckDigit(body);
}

/**
 * Parses an EPC / EPC class URI into what the record tracks: SGTIN / LGTIN URNs and GS1 Digital Link
 * URIs (AI 01+21 item, 01+10 lot, 00 SSCC), traceocr's private URNs; any other URI stays an opaque item code.
 */
export function parseEpc(uri: string): ParsedEpc {
  const dec = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  let m = /^urn:epc:id:sgtin:(\d+)\.(\d+)\.(.+)$/.exec(uri);
  if (m) {
    const gtin = gtinFromEpc(m[1]!, m[2]!);
    return { kind: 'item', code: dec(m[3]!), ...(gtin ? { gtin } : {}) };
  }
  m = /^urn:epc:class:lgtin:(\d+)\.(\d+)\.(.+)$/.exec(uri);
  if (m) {
    const gtin = gtinFromEpc(m[1]!, m[2]!);
    return { kind: 'lot', code: dec(m[3]!), ...(gtin ? { gtin } : {}) };
  }
  m = /^urn:epc:id:sscc:(\d+)\.(\d+)$/.exec(uri);
  if (m && m[1]!.length + m[2]!.length === 17) {
    const body = m[2]!.slice(0, 1) + m[1]! + m[2]!.slice(1);
    return { kind: 'shipment', code: body + gs1CheckDigit(body) };
  }
  m = /^https?:\/\/[^/]+(?:\/.*)?\/01\/(\d{14})\/(21|10)\/([^/?#]+)/.exec(uri);
  if (m) return { kind: m[2] === '21' ? 'item' : 'lot', code: dec(m[3]!), gtin: m[1]! };
  m = /^https?:\/\/[^/]+(?:\/.*)?\/00\/(\d{18})(?:[/?#]|$)/.exec(uri);
  if (m) return { kind: 'shipment', code: m[1]! };
  m = /^urn:traceocr:(item|lot|shipment):(.+)$/.exec(uri);
  if (m) return { kind: m[1] as ParsedEpc['kind'], code: dec(m[2]!) };
  return { kind: 'item', code: uri };
}

function isoWithOffset(at: Date): { eventTime: string; eventTimeZoneOffset: string } {
  // The record keeps UTC instants; EPCIS requires the offset alongside (EPCIS 2.0 §7.4.1).
  return { eventTime: at.toISOString(), eventTimeZoneOffset: '+00:00' };
}

type Payload = Readonly<Record<string, unknown>>;
const str = (p: Payload, k: string): string | undefined => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
const strs = (p: Payload, k: string): string[] => (Array.isArray(p[k]) ? (p[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
const productGtin = (p: Payload): string | undefined => {
  const product = p['product'];
  return typeof product === 'object' && product !== null && typeof (product as Record<string, unknown>)['gtin'] === 'string'
    ? ((product as Record<string, unknown>)['gtin'] as string)
    : undefined;
};

/** The EPCIS event of one stored event with the given id/time (the shared part of a correction). */
function mapEvent(e: Pick<StoredEvent, 'id' | 'type' | 'at' | 'recordedAt' | 'station' | 'workOrder' | 'evidence'>, payload: Payload): EpcisEvent {
  const base: Record<string, unknown> = {
    eventID: eventUri(e.id),
    ...isoWithOffset(e.at),
    recordTime: e.recordedAt.toISOString(),
  };
  const where: Record<string, unknown> = e.station ? { readPoint: { id: stationUri(e.station) }, bizLocation: { id: stationUri(e.station) } } : {};
  const ext: Record<string, unknown> = {};
  if (e.workOrder) ext['traceocr:workOrder'] = e.workOrder;
  if (e.evidence?.readId) ext['traceocr:readId'] = e.evidence.readId;
  if (e.evidence?.imageSha256) ext['traceocr:imageSha256'] = e.evidence.imageSha256;
  const gtin = productGtin(payload);
  switch (e.type) {
    case 'observed': {
      const item = str(payload, 'item');
      const lot = str(payload, 'lot');
      return {
        type: 'ObjectEvent', ...base, action: 'OBSERVE',
        epcList: item ? [itemUri(item, gtin)] : [],
        ...(lot ? { quantityList: [{ epcClass: lotUri(lot, gtin) }] } : {}),
        bizStep: 'inspecting', ...where, ...ext,
      };
    }
    case 'assembled':
    case 'disaggregated': {
      const lots = strs(payload, 'lots');
      return {
        type: 'AggregationEvent', ...base, action: e.type === 'assembled' ? 'ADD' : 'DELETE',
        parentID: itemUri(str(payload, 'parent') ?? '', gtin),
        childEPCs: [...new Set(strs(payload, 'children').map((c) => itemUri(c)))],
        ...(lots.length > 0 ? { childQuantityList: lots.map((l) => ({ epcClass: lotUri(l) })) } : {}),
        bizStep: e.type === 'assembled' ? 'assembling' : 'disassembling', ...where, ...ext,
      };
    }
    case 'transformed':
      return {
        type: 'TransformationEvent', ...base,
        inputQuantityList: strs(payload, 'consumed').map((l) => ({ epcClass: lotUri(l) })),
        outputQuantityList: strs(payload, 'produced').map((l) => ({ epcClass: lotUri(l, gtin) })),
        bizStep: 'commissioning', ...where, ...ext,
      };
    case 'shipped': {
      const customer = str(payload, 'customer');
      return {
        type: 'AggregationEvent', ...base, action: 'ADD',
        parentID: shipmentUri(str(payload, 'shipment') ?? ''),
        childEPCs: [...new Set(strs(payload, 'items').map((c) => itemUri(c)))],
        bizStep: 'shipping', disposition: 'in_transit', ...where,
        ...(customer ? { destinationList: [{ type: 'owning_party', destination: `urn:traceocr:party:${encodeURIComponent(customer)}` }] } : {}),
        ...ext,
      };
    }
    case 'returned': {
      const reason = str(payload, 'reason');
      return {
        type: 'ObjectEvent', ...base, action: 'OBSERVE',
        epcList: [itemUri(str(payload, 'item') ?? '')],
        bizStep: 'receiving', disposition: 'returned', ...where, ...ext,
        ...(reason ? { 'traceocr:reason': reason } : {}),
      };
    }
    case 'alerted': {
      // A failed label check is an inspection with a non-conformant outcome (CBV 2.0 disposition `non_conformant`).
      const item = str(payload, 'item');
      const lot = str(payload, 'lot');
      const readId = str(payload, 'readId');
      return {
        type: 'ObjectEvent', ...base, action: 'OBSERVE',
        epcList: item ? [itemUri(item, gtin)] : [],
        ...(lot ? { quantityList: [{ epcClass: lotUri(lot, gtin) }] } : {}),
        bizStep: 'inspecting', disposition: 'non_conformant', ...where, ...ext,
        ...(readId ? { 'traceocr:readId': readId } : {}),
        'traceocr:reasons': strs(payload, 'reasons'),
      };
    }
    default:
      throw new TraceocrError('INTERNAL', `no EPCIS mapping for event type ${e.type}`);
  }
}

/** Looks up an event by id (the store's `getEvent`). */
export type EventLookup = (id: string) => Promise<StoredEvent | undefined>;

/**
 * The EPCIS 2.0 events of one stored event: one event, or for a correction the error
 * declaration of the corrected event plus the corrective event (EPCIS 2.0 §7.4.1.2).
 */
export async function toEpcisEvents(event: StoredEvent, lookup: EventLookup): Promise<EpcisEvent[]> {
  if (event.type !== 'corrected') return [mapEvent(event, event.payload)];
  const correctsId = str(event.payload, 'corrects');
  const original = correctsId === undefined ? undefined : await lookup(correctsId);
  if (original === undefined || original.type === 'corrected') return [];
  const changes = (event.payload['changes'] ?? {}) as Record<string, unknown>;
  const fixed: Record<string, unknown> = { ...original.payload };
  if (typeof changes['item'] === 'string') fixed['item'] = changes['item'];
  if (typeof changes['lot'] === 'string') fixed['lot'] = changes['lot'];
  if (typeof changes['gtin'] === 'string' || typeof changes['partNumber'] === 'string') {
    fixed['product'] = { ...((original.payload['product'] as object | undefined) ?? {}), ...(typeof changes['gtin'] === 'string' ? { gtin: changes['gtin'] } : {}), ...(typeof changes['partNumber'] === 'string' ? { partNumber: changes['partNumber'] } : {}) };
  }
  const declaration = {
    ...mapEvent(original, original.payload),
    errorDeclaration: { declarationTime: event.recordedAt.toISOString(), reason: 'incorrect_data', correctiveEventIDs: [eventUri(event.id)] },
  };
  const reason = str(event.payload, 'reason');
  const by = str(event.payload, 'by');
  const corrective = {
    ...mapEvent({ ...original, id: event.id, recordedAt: event.recordedAt, evidence: original.evidence }, fixed),
    ...(reason ? { 'traceocr:reason': reason } : {}),
    ...(by ? { 'traceocr:correctedBy': by } : {}),
  };
  return [declaration, corrective];
}

/** Wraps events into an EPCIS 2.0 document. */
export function toEpcisDocument(events: readonly EpcisEvent[], now: Date = new Date()): EpcisDocument {
  return { '@context': EPCIS_CONTEXT, type: 'EPCISDocument', schemaVersion: '2.0', creationDate: now.toISOString(), epcisBody: { eventList: events } };
}

/** Outcome of mapping one partner event. */
export interface CapturedEventMapping {
  readonly eventID: string;
  readonly events: NewEvent[];
  /** Why nothing was recorded for it (unsupported type, error declaration of an unknown event). */
  readonly ignored?: string;
}

function quantityCodes(list: unknown): ParsedEpc[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((q) => (typeof q === 'object' && q !== null && typeof (q as Record<string, unknown>)['epcClass'] === 'string' ? [parseEpc((q as Record<string, string>)['epcClass']!)] : []));
}
function epcs(list: unknown): ParsedEpc[] {
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string').map(parseEpc) : [];
}

/**
 * Maps one EPCIS 2.0 event from a partner to record events. Each gets an idempotency key
 * from the EPCIS `eventID` (or the SHA-256 of the event's JSON when it has none), so the same
 * document captured twice is stored once.
 */
export function fromEpcisEvent(raw: Record<string, unknown>, defaultStation?: string): CapturedEventMapping {
  const eventID = typeof raw['eventID'] === 'string' ? raw['eventID'] : `ni:///sha-256;${createHash('sha256').update(JSON.stringify(raw)).digest('hex')}`;
  const at = new Date(typeof raw['eventTime'] === 'string' ? raw['eventTime'] : NaN);
  if (Number.isNaN(at.getTime())) throw new TraceocrError('EPCIS_INVALID', `event ${eventID}: eventTime missing or not a date-time`);
  if (raw['errorDeclaration'] !== undefined) return { eventID, events: [], ignored: 'error declarations of partner events are not applied to the record' };
  const readPoint = raw['readPoint'] as { id?: unknown } | undefined;
  const station = typeof readPoint?.id === 'string' ? (/^urn:traceocr:station:(.+)$/.exec(readPoint.id)?.[1] ?? readPoint.id) : defaultStation;
  let n = 0;
  const common = () => ({ at, idempotencyKey: `epcis:${eventID}:${n++}`, ...(station ? { station } : {}) });
  const type = raw['type'];
  const action = raw['action'];
  const events: NewEvent[] = [];
  if (type === 'ObjectEvent' || type === 'TransactionEvent') {
    const returned = raw['disposition'] === 'returned';
    for (const e of [...epcs(raw['epcList']), ...quantityCodes(raw['quantityList'])]) {
      if (returned && e.kind === 'item') events.push({ type: 'returned', item: e.code, ...common() });
      else if (e.kind === 'item') events.push({ type: 'observed', item: e.code, ...(e.gtin ? { product: { gtin: e.gtin } } : {}), ...common() });
      else if (e.kind === 'lot') events.push({ type: 'observed', lot: e.code, ...(e.gtin ? { product: { gtin: e.gtin } } : {}), ...common() });
    }
  } else if (type === 'AggregationEvent' || type === 'AssociationEvent') {
    const parent = typeof raw['parentID'] === 'string' ? parseEpc(raw['parentID']) : undefined;
    const children = epcs(raw['childEPCs']);
    const lots = quantityCodes(raw['childQuantityList']).filter((q) => q.kind === 'lot').map((q) => q.code);
    if (parent === undefined) return { eventID, events: [], ignored: 'aggregation without parentID' };
    if (action === 'DELETE') {
      if (children.length > 0) events.push({ type: 'disaggregated', parent: parent.code, children: children.map((c) => c.code), ...common() });
    } else if (parent.kind === 'shipment') {
      if (children.length > 0) events.push({ type: 'shipped', shipment: parent.code, items: children.map((c) => c.code), ...common() });
    } else if (action === 'ADD') {
      if (children.length > 0 || lots.length > 0) {
        events.push({ type: 'assembled', parent: parent.code, children: children.map((c) => c.code), ...(lots.length > 0 ? { lots } : {}), ...(parent.gtin ? { product: { gtin: parent.gtin } } : {}), ...common() });
      }
    } else {
      events.push({ type: 'observed', item: parent.code, ...(parent.gtin ? { product: { gtin: parent.gtin } } : {}), ...common() });
    }
  } else if (type === 'TransformationEvent') {
    const consumed = [...epcs(raw['inputEPCList']), ...quantityCodes(raw['inputQuantityList'])].map((e) => e.code);
    const produced = [...epcs(raw['outputEPCList']), ...quantityCodes(raw['outputQuantityList'])].map((e) => e.code);
    if (consumed.length > 0 && produced.length > 0) events.push({ type: 'transformed', consumed, produced, ...common() });
  } else {
    throw new TraceocrError('EPCIS_INVALID', `event ${eventID}: unknown EPCIS event type ${JSON.stringify(type)}`);
  }
  return events.length > 0 ? { eventID, events } : { eventID, events, ignored: 'event names nothing the record tracks (no EPCs or lots)' };
}
