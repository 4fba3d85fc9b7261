/** Task placement constraints and strategies (Service and TaskDefinition). */
import type { PlacementConstraint, TaskDefinitionPlacementConstraint } from "@aws-sdk/client-ecs";
import type { Finding } from "./finding.js";
import { at, type Rule, runsOnFargate, taskDefinitionOf } from "./util.js";

/** "You can specify a maximum of 10 constraints for each task. This limit includes constraints in the task definition and those specified at runtime." */
const MAX_CONSTRAINTS = 10;
/** "You can specify a maximum of 5 strategy rules for each service." */
const MAX_STRATEGIES = 5;
/** "The expression can have a maximum length of 2000 characters." */
const MAX_EXPRESSION = 2000;

function checkConstraints(list: readonly (PlacementConstraint | TaskDefinitionPlacementConstraint)[]): Finding[] {
  const out: Finding[] = [];
  list.forEach((c, i) => {
    const path = ["placementConstraints", i];
    // "You can't specify an expression if the constraint type is distinctInstance."
    if (c.type === "distinctInstance" && c.expression !== undefined)
      out.push(at([...path, "expression"], "distinctInstance takes no expression; remove it (or use type memberOf)"));
    if (c.type === "memberOf" && (c.expression === undefined || c.expression.trim() === ""))
      out.push(at(path, 'memberOf needs an expression, e.g. "attribute:ecs.instance-type =~ t3.*"'));
    if (c.expression !== undefined && c.expression.length > MAX_EXPRESSION)
      out.push(
        at([...path, "expression"], `is ${c.expression.length} characters; at most ${MAX_EXPRESSION} are allowed`),
      );
  });
  return out;
}

/**
 * Service placement. Strategy fields (PlacementStrategy.field doc): binpack on cpu or memory; spread on
 * instanceId (or host) or an attribute ("attribute:ecs.availability-zone"). Fargate places tasks itself:
 * "Placement strategies are not supported with FARGATE launch type".
 * Not enforced: a field on a random strategy (documented as "not used", not as rejected), and placement
 * constraints on Fargate services (not documented as rejected for services).
 */
export const servicePlacementRules: Rule<"Service"> = (m, set) => {
  const out: Finding[] = [];
  const constraints = m.spec.placementConstraints ?? [];
  const tdConstraints = taskDefinitionOf(m, set)?.spec.placementConstraints?.length ?? 0;
  if (constraints.length + tdConstraints > MAX_CONSTRAINTS)
    out.push(
      at(
        ["placementConstraints"],
        tdConstraints > 0
          ? `${constraints.length} here plus ${tdConstraints} in the task definition is more than the ${MAX_CONSTRAINTS} constraints a task can have`
          : `has ${constraints.length} constraints; a task can have at most ${MAX_CONSTRAINTS}`,
      ),
    );
  out.push(...checkConstraints(constraints));

  const strategies = m.spec.placementStrategy ?? [];
  if (strategies.length > MAX_STRATEGIES)
    out.push(at(["placementStrategy"], `has ${strategies.length} rules; a service can have at most ${MAX_STRATEGIES}`));
  strategies.forEach((s, i) => {
    const path = ["placementStrategy", i];
    const field = s.field?.toLowerCase();
    if (s.type === "binpack" && field !== "cpu" && field !== "memory")
      out.push(
        at(
          s.field === undefined ? path : [...path, "field"],
          `binpack needs field cpu or memory${s.field === undefined ? "" : `, got ${JSON.stringify(s.field)}`}`,
        ),
      );
    if (s.type === "spread") {
      if (s.field === undefined)
        out.push(
          at(path, "spread needs a field: instanceId, host, or an attribute like attribute:ecs.availability-zone"),
        );
      else if (field !== "instanceid" && field !== "host" && !field?.startsWith("attribute:"))
        out.push(
          at(
            [...path, "field"],
            `spread field must be instanceId, host, or attribute:<name> (e.g. attribute:ecs.availability-zone), got ${JSON.stringify(s.field)}`,
          ),
        );
    }
  });
  if (strategies.length > 0 && m.spec.schedulingStrategy !== "DAEMON" && runsOnFargate(m, set))
    out.push(at(["placementStrategy"], "not supported for tasks on Fargate (Fargate places tasks itself); remove it"));
  return out;
};

/** TaskDefinition placementConstraints: only memberOf (the schema enforces the type), same limits. */
export const taskDefinitionPlacementRules: Rule<"TaskDefinition"> = (m) => {
  const constraints = m.spec.placementConstraints ?? [];
  const out = checkConstraints(constraints);
  if (constraints.length > MAX_CONSTRAINTS)
    out.push(
      at(["placementConstraints"], `has ${constraints.length} constraints; a task can have at most ${MAX_CONSTRAINTS}`),
    );
  return out;
};
