// The unused-export check (`npm run lint`, `npm test`): every export of the project's own modules
// must be imported by some other module (tests, scripts and specs count), or be a name a framework
// reads (Next.js route files, instrumentation, proxy, config files). An export nobody imports is
// dead code, or a name that should not be exported. Reads the import graph with the TypeScript
// compiler's parser and module resolution; prints each dead export and exits 1 when there is one.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const SOURCE_DIRS = ["app", "components", "lib", "scripts", "test", "e2e"];
const ROOT_FILES = ["instrumentation.ts", "proxy.ts", "next.config.ts", "vitest.config.ts", "playwright.config.ts", "prisma.config.ts", "eslint.config.mjs"];
const EXTENSIONS = /\.(ts|tsx|mts|mjs)$/;
const IGNORED = /(^|\/)(node_modules|\.next|generated|__fixtures__)(\/|$)|\.d\.ts$/;

/** Names a framework imports by convention, per file. */
function frameworkNames(file: string): ReadonlySet<string> | "all" {
  if (ROOT_FILES.includes(file)) return "all";
  // vitest's globalSetup files (vitest.config.ts names them).
  if (/^test\/[a-z-]+-global-setup\.ts$/.test(file)) return new Set(["setup", "teardown"]);
  if (file.startsWith("app/")) {
    return new Set([
      "default", "metadata", "generateMetadata", "generateStaticParams", "viewport", "dynamic", "dynamicParams",
      "revalidate", "runtime", "preferredRegion", "maxDuration", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
    ]);
  }
  return new Set();
}

function listFiles(): string[] {
  const files: string[] = [...ROOT_FILES.filter((file) => fs.existsSync(path.join(ROOT, file)))];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (IGNORED.test(rel)) continue;
      if (entry.isDirectory()) walk(rel);
      else if (EXTENSIONS.test(entry.name)) files.push(rel);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(ROOT, dir))) walk(dir);
  return files;
}

const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);

function resolve(specifier: string, fromFile: string): string | null {
  const { resolvedModule } = ts.resolveModuleName(specifier, path.join(ROOT, fromFile), options, ts.sys);
  if (!resolvedModule || resolvedModule.isExternalLibraryImport) return null;
  const rel = path.relative(ROOT, resolvedModule.resolvedFileName);
  return rel.startsWith("..") ? null : rel;
}

interface ModuleInfo {
  exports: Map<string, number>;
  /** Re-exports: exported name -> [module, name there]. */
  reexports: Map<string, [string, string]>;
  stars: string[];
}

const modules = new Map<string, ModuleInfo>();
/** "file\0name" (name "*": every export of the file). */
const used = new Set<string>();
const markUsed = (file: string, name: string) => used.add(`${file}\0${name}`);

const hasExport = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const hasDefault = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}

for (const file of listFiles()) {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const info: ModuleInfo = { exports: new Map(), reexports: new Map(), stars: [] };
  modules.set(file, info);
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;

  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const target = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? resolve(statement.moduleSpecifier.text, file) : null;
      if (!statement.exportClause) {
        if (target) info.stars.push(target);
      } else if (ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          const original = (element.propertyName ?? element.name).text;
          info.exports.set(element.name.text, line(element));
          if (target) info.reexports.set(element.name.text, [target, original]);
        }
      } else if (target) {
        info.exports.set(statement.exportClause.name.text, line(statement));
        info.reexports.set(statement.exportClause.name.text, [target, "*"]);
      }
    } else if (ts.isExportAssignment(statement)) {
      info.exports.set("default", line(statement));
    } else if (hasExport(statement)) {
      if (hasDefault(statement)) info.exports.set("default", line(statement));
      else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) for (const name of bindingNames(declaration.name)) info.exports.set(name, line(declaration));
      } else if (!ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement)) {
        // Types stay exportable: exported signatures name them.
        const name = (statement as ts.DeclarationStatement).name;
        if (name && ts.isIdentifier(name)) info.exports.set(name.text, line(statement));
      }
    }
  }

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const target = resolve(node.moduleSpecifier.text, file);
      const clause = node.importClause;
      if (target && clause) {
        if (clause.name) markUsed(target, "default");
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) markUsed(target, "*");
        if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) markUsed(target, (element.propertyName ?? element.name).text);
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const target = resolve(node.argument.literal.text, file);
      if (target) markUsed(target, node.qualifier ? ts.isIdentifier(node.qualifier) ? node.qualifier.text : node.qualifier.left.getText() : "*");
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      const target = argument && ts.isStringLiteralLike(argument) ? resolve(argument.text, file) : null;
      if (target) for (const name of dynamicNames(node)) markUsed(target, name);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** The names taken from a dynamic import: `const { a } = await import(m)`, `(await import(m)).a`; else every export. */
function dynamicNames(call: ts.CallExpression): string[] {
  let node: ts.Node = call;
  if (ts.isAwaitExpression(node.parent)) node = node.parent;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
    // import(m).then((module) => module.name)
    const call = parent.parent;
    if (parent.name.text === "then" && ts.isCallExpression(call) && call.arguments.length === 1) {
      const [callback] = call.arguments;
      if (callback && ts.isArrowFunction(callback) && ts.isPropertyAccessExpression(callback.body)) return [callback.body.name.text];
      return ["*"];
    }
    return [parent.name.text];
  }
  if (ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name)) {
    const names = parent.name.elements.map((element) => (element.propertyName ?? element.name));
    if (names.every((name) => ts.isIdentifier(name))) return names.map((name) => (name as ts.Identifier).text);
  }
  if (ts.isBinaryExpression(parent) && ts.isParenthesizedExpression(parent.left) && ts.isObjectLiteralExpression(parent.left.expression)) {
    return parent.left.expression.properties.flatMap((property) => (property.name && ts.isIdentifier(property.name) ? [property.name.text] : []));
  }
  return ["*"];
}

// Follow re-exports until nothing new is marked.
for (let changed = true; changed; ) {
  changed = false;
  for (const key of [...used]) {
    const [file, name] = key.split("\0") as [string, string];
    const info = modules.get(file);
    if (!info) continue;
    const targets: [string, string][] = [];
    if (name === "*") {
      for (const [exported, target] of info.reexports) targets.push(target, [file, exported]);
      for (const star of info.stars) targets.push([star, "*"]);
    } else if (info.reexports.has(name)) targets.push(info.reexports.get(name)!);
    else if (!info.exports.has(name)) for (const star of info.stars) targets.push([star, name]);
    for (const [target, targetName] of targets) {
      const next = `${target}\0${targetName}`;
      if (!used.has(next)) {
        used.add(next);
        changed = true;
      }
    }
  }
}

const dead: string[] = [];
for (const [file, info] of modules) {
  const allowed = frameworkNames(file);
  if (allowed === "all" || used.has(`${file}\0*`)) continue;
  for (const [name, line] of info.exports) {
    if (allowed.has(name) || used.has(`${file}\0${name}`)) continue;
    dead.push(`${file}:${line}: ${name} is exported but never imported`);
  }
}

if (dead.length > 0) {
  console.error(dead.sort().join("\n"));
  console.error(`\n${dead.length} unused export(s): remove them, or stop exporting names used only in their own module.`);
  process.exit(1);
}
console.log(`exports: ${modules.size} modules checked, every export is imported somewhere`);
