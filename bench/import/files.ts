/**
 * Writes the files of a party that starts from spreadsheets, as the import reads them: its units
 * (1 national, 12 regional, 75 provincial and 1,600 local units: 1,688, Arabic headers), 60,000 people
 * (French headers, Arabic and Latin names, birth years) and 40,000 mandates over ten years (English
 * headers; five posts per unit, a collegial bureau with three seats). Deterministic: the same scale
 * gives the same files.
 *
 *   node dist/bench/import/files.js <folder> [scale]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FIRST = [
  ['محمد', 'Mohamed'],
  ['فاطمة', 'Fatima'],
  ['أحمد', 'Ahmed'],
  ['خديجة', 'Khadija'],
  ['يوسف', 'Youssef'],
  ['مريم', 'Meryem'],
  ['عبد الله', 'Abdellah'],
  ['نادية', 'Nadia'],
  ['حسن', 'Hassan'],
  ['سعاد', 'Souad'],
  ['كريم', 'Karim'],
  ['ليلى', 'Leila'],
  ['رشيد', 'Rachid'],
  ['حنان', 'Hanane'],
  ['عمر', 'Omar'],
  ['زينب', 'Zineb'],
  ['سعيد', 'Said'],
  ['نعيمة', 'Naima'],
  ['هشام', 'Hicham'],
  ['سناء', 'Sanaa'],
  ['إدريس', 'Driss'],
  ['أمينة', 'Amina'],
  ['مصطفى', 'Mustapha'],
  ['لطيفة', 'Latifa'],
  ['عادل', 'Adil'],
  ['وفاء', 'Wafae'],
  ['نبيل', 'Nabil'],
  ['حياة', 'Hayat'],
  ['جمال', 'Jamal'],
  ['سلمى', 'Salma'],
] as const;
const LAST = [
  ['العلوي', 'Alaoui'],
  ['البقالي', 'Bakkali'],
  ['التمسماني', 'Temsamani'],
  ['الخمليشي', 'El Khamlichi'],
  ['الورياغلي', 'Ouriaghli'],
  ['بنجلون', 'Benjelloun'],
  ['الإدريسي', 'Idrissi'],
  ['الفاسي', 'Fassi'],
  ['الشرقاوي', 'Cherkaoui'],
  ['بناني', 'Bennani'],
  ['التازي', 'Tazi'],
  ['العمراني', 'Amrani'],
  ['الزياني', 'Ziani'],
  ['المنصوري', 'Mansouri'],
  ['الحسني', 'Hassani'],
  ['الريفي', 'Rifi'],
  ['الصنهاجي', 'Sanhaji'],
  ['الغماري', 'Ghomari'],
  ['البوعناني', 'Bouanani'],
  ['الكتاني', 'Kettani'],
  ['الوزاني', 'Ouazzani'],
  ['السوسي', 'Soussi'],
  ['الدكالي', 'Doukkali'],
  ['الرحماني', 'Rahmani'],
  ['الزموري', 'Zemmouri'],
  ['الحمداوي', 'Hamdaoui'],
  ['الأندلسي', 'Andaloussi'],
  ['الطنجي', 'Tanji'],
  ['الشاوني', 'Chaouni'],
  ['الجبلي', 'Jebli'],
  ['الصقلي', 'Skalli'],
  ['القادري', 'Kadiri'],
] as const;

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const line = (cells: (string | number)[], delimiter: string) =>
  cells.map((c) => (String(c).includes(delimiter) ? `"${String(c)}"` : String(c))).join(delimiter);

export interface BenchFiles {
  units: string;
  people: string;
  mandates: string;
  counts: { units: number; people: number; mandates: number };
}

export function writeBenchFiles(folder: string, scale = 1): BenchFiles {
  mkdirSync(folder, { recursive: true });
  const next = random(20201102);
  // Units: national → 12 regions → 75 provinces → locals (Windows users' semicolons, Arabic headers).
  const locals = Math.round(1600 * scale);
  const units: string[] = [
    line(['الرمز', 'رمز الهيئة الأم', 'المستوى', 'الاسم بالعربية', 'الاسم بالفرنسية'], ';'),
  ];
  units.push(line(['B', '', 'وطني', 'الأمانة العامة', 'Secrétariat général'], ';'));
  for (let r = 1; r <= 12; r++) {
    units.push(line([`B-R${r}`, 'B', 'جهوي', `الأمانة الجهوية ${r}`, `Secrétariat régional ${r}`], ';'));
  }
  for (let p = 1; p <= 75; p++) {
    units.push(
      line(
        [`B-P${p}`, `B-R${(p % 12) + 1}`, 'إقليمي', `الأمانة الإقليمية ${p}`, `Secrétariat provincial ${p}`],
        ';',
      ),
    );
  }
  const localCodes: string[] = [];
  for (let l = 1; l <= locals; l++) {
    localCodes.push(`B-L${l}`);
    units.push(
      line([`B-L${l}`, `B-P${(l % 75) + 1}`, 'محلي', `الأمانة المحلية ${l}`, `Secrétariat local ${l}`], ';'),
    );
  }
  // People: spread over the local units, French headers (Excel's "CSV UTF-8", with its BOM).
  const peopleCount = Math.round(60_000 * scale);
  const people: string[] = [
    line(['N° adhésion', 'Nom arabe', 'Nom latin', 'Sexe', 'Année de naissance', 'Code unité'], ','),
  ];
  for (let i = 0; i < peopleCount; i++) {
    const first = FIRST[Math.floor(next() * FIRST.length)];
    const middle = FIRST[Math.floor(next() * FIRST.length)];
    const last = LAST[Math.floor(next() * LAST.length)];
    const year = 1950 + Math.floor(next() * 50);
    people.push(
      line(
        [
          `B-${i + 1}`,
          `${first[0]} ${middle[0]} ${last[0]}`,
          `${first[1]} ${middle[1]} ${last[1]}`,
          i % 3 ? 'H' : 'F',
          year,
          localCodes[i % locals],
        ],
        ',',
      ),
    );
  }
  // Mandates: per local unit, a secretary-general, a deputy, a treasurer, a coordinator and a bureau of three seats,
  // each for four terms over ten years (the last still running), each held by a member of the unit.
  const TERMS = [
    ['2015-01-01', '2017-06-30'],
    ['2017-07-01', '2019-12-31'],
    ['2020-01-01', '2022-06-30'],
    ['2022-07-01', ''],
  ];
  const mandateCount = Math.round(40_000 * scale);
  const mandates: string[] = [line(['membership number', 'unit code', 'role', 'starts on', 'ends on'], ',')];
  const seats = [
    'SECRETARY_GENERAL',
    'DEPUTY_SECRETARY_GENERAL',
    'TREASURER',
    'COORDINATOR',
    'BUREAU_MEMBER',
    'BUREAU_MEMBER',
    'BUREAU_MEMBER',
  ];
  outer: for (let l = 0; l < locals; l++) {
    let member = 0;
    for (const role of seats) {
      for (const [start, end] of TERMS) {
        if (mandates.length > mandateCount) break outer;
        // The unit's members are people l, l + locals, l + 2 × locals, …
        const person = l + (member++ % Math.floor(peopleCount / locals)) * locals;
        mandates.push(line([`B-${person + 1}`, localCodes[l], role, start, end], ','));
      }
    }
  }
  const files = {
    units: join(folder, 'units.csv'),
    people: join(folder, 'people.csv'),
    mandates: join(folder, 'mandates.csv'),
  };
  writeFileSync(files.units, `${units.join('\r\n')}\r\n`);
  writeFileSync(files.people, `\ufeff${people.join('\r\n')}\r\n`);
  writeFileSync(files.mandates, `${mandates.join('\r\n')}\r\n`);
  return {
    ...files,
    counts: { units: units.length - 1, people: people.length - 1, mandates: mandates.length - 1 },
  };
}

if (require.main === module) {
  const [folder = 'bench-import-files', scale = '1'] = process.argv.slice(2);
  const written = writeBenchFiles(folder, Number(scale));
  console.log(`Wrote ${JSON.stringify(written.counts)} to ${folder}`);
}
