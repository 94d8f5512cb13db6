import { ok } from "@chargekit/core";
import type * as V16 from "../../generated/v16/index.js";
import type * as V201 from "../../generated/v201/index.js";
import { type ConfigKey, type VariableRef, v16KeyOf, variableOfKey } from "../../station/config-keys.js";
import { noteTxPoint } from "../handlers-v2.js";
import { type CommandHost, failure, target } from "./context.js";
import type { ConfigValue, SetConfigurationStatus } from "./requests.js";
import type { CsmsCommands } from "./types.js";

type ConfigurationCommands = Pick<CsmsCommands, "getConfiguration" | "setConfiguration">;

function componentOf(ref: VariableRef): V201.ComponentType {
  return {
    name: ref.component,
    ...(ref.componentInstance === undefined ? {} : { instance: ref.componentInstance }),
    ...(ref.evseId === undefined ? {} : { evse: { id: ref.evseId } }),
  };
}

function variableOf(ref: VariableRef): V201.VariableType {
  return { name: ref.variable, ...(ref.instance === undefined ? {} : { instance: ref.instance }) };
}

function refOf(component: V201.ComponentType, variable: V201.VariableType): VariableRef {
  return {
    component: component.name,
    variable: variable.name,
    ...(component.instance === undefined ? {} : { componentInstance: component.instance }),
    ...(component.evse === undefined ? {} : { evseId: component.evse.id }),
    ...(variable.instance === undefined ? {} : { instance: variable.instance }),
  };
}

const SET_STATUS: Readonly<Record<V201.SetVariableStatusEnumType, SetConfigurationStatus>> = {
  Accepted: "Accepted",
  Rejected: "Rejected",
  RebootRequired: "RebootRequired",
  NotSupportedAttributeType: "NotSupported",
  UnknownComponent: "UnknownKey",
  UnknownVariable: "UnknownKey",
};

/** Get/set configuration: 1.6 keys and 2.x variables through one neutral API. @internal */
export function configurationCommands(host: CommandHost): ConfigurationCommands {
  return {
    async getConfiguration(stationId, request = {}, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const { version, call, live } = t.value;
      const keys = request.keys;
      if (version === "ocpp1.6") {
        const unknown: ConfigKey[] = [];
        const asked = new Map<string, ConfigKey>();
        for (const key of keys ?? []) {
          const name = v16KeyOf(key);
          if (name === undefined) unknown.push(key);
          else asked.set(name, key);
        }
        if (keys !== undefined && asked.size === 0) return ok({ values: [], unknown, rejected: [] });
        const r = await call<V16.GetConfigurationResponse>(
          "GetConfiguration",
          keys === undefined ? {} : { key: [...asked.keys()] },
        );
        if (!r.ok) return r;
        const values: ConfigValue[] = (r.value.configurationKey ?? []).map((kv) => ({
          key: asked.get(kv.key) ?? kv.key,
          readonly: kv.readonly,
          ...(kv.value === undefined ? {} : { value: kv.value }),
        }));
        for (const name of r.value.unknownKey ?? []) unknown.push(asked.get(name) ?? name);
        return ok({ values, unknown, rejected: [] });
      }
      if (keys === undefined) {
        const requestId = host.nextRequestId();
        const report = host.reports.expect<V201.ReportDataType>(
          stationId,
          requestId,
          options?.timeoutMs ?? host.defaultTimeoutMs,
        );
        const r = await call<V201.GetBaseReportResponse>("GetBaseReport", {
          requestId,
          reportBase: "ConfigurationInventory",
        });
        if (!r.ok) return r;
        if (r.value.status === "EmptyResultSet") return ok({ values: [], unknown: [], rejected: [] });
        if (r.value.status !== "Accepted") {
          return ok({ values: [], unknown: [], rejected: [{ key: "*", reason: `GetBaseReport ${r.value.status}` }] });
        }
        const data = await report;
        if (!data.ok)
          return failure(
            "TIMEOUT",
            stationId,
            `the NotifyReport answering GetBaseReport ${requestId} did not complete in time`,
          );
        const values: ConfigValue[] = [];
        for (const d of data.value) {
          const actual = d.variableAttribute.find((a) => a.type === undefined || a.type === "Actual");
          if (actual === undefined) continue;
          values.push({
            key: refOf(d.component, d.variable),
            readonly: actual.mutability === "ReadOnly",
            ...(actual.value === undefined ? {} : { value: actual.value }),
          });
        }
        return ok({ values, unknown: [], rejected: [] });
      }
      const unknown: ConfigKey[] = [];
      const asked: { key: ConfigKey; ref: VariableRef }[] = [];
      for (const key of keys) {
        const ref = variableOfKey(key);
        if (ref === undefined) unknown.push(key);
        else asked.push({ key, ref });
      }
      if (asked.length === 0) return ok({ values: [], unknown, rejected: [] });
      const r = await call<V201.GetVariablesResponse>("GetVariables", {
        getVariableData: asked.map(({ ref }) => ({ component: componentOf(ref), variable: variableOf(ref) })),
      });
      if (!r.ok) return r;
      const values: ConfigValue[] = [];
      const rejected: { key: ConfigKey; reason: string }[] = [];
      r.value.getVariableResult.forEach((result, i) => {
        const key = asked[i]?.key ?? refOf(result.component, result.variable);
        if (result.attributeStatus === "Accepted") {
          values.push({ key, ...(result.attributeValue === undefined ? {} : { value: result.attributeValue }) });
          if (result.component.name === "TxCtrlr" && result.attributeValue !== undefined) {
            noteTxPoint(live, result.variable.name, result.attributeValue);
          }
        } else if (result.attributeStatus === "UnknownComponent" || result.attributeStatus === "UnknownVariable") {
          unknown.push(key);
        } else {
          rejected.push({ key, reason: result.attributeStatus });
        }
      });
      return ok({ values, unknown, rejected });
    },

    async setConfiguration(stationId, request, options) {
      const t = target(host, stationId, options);
      if (!t.ok) return t;
      const { version, call, live } = t.value;
      const results: { key: ConfigKey; status: SetConfigurationStatus }[] = [];
      if (version === "ocpp1.6") {
        for (const { key, value } of request.values) {
          const name = v16KeyOf(key);
          if (name === undefined) {
            results.push({ key, status: "UnknownKey" });
            continue;
          }
          const r = await call<V16.ChangeConfigurationResponse>("ChangeConfiguration", { key: name, value });
          if (!r.ok) return r;
          results.push({ key, status: r.value.status });
        }
        return ok({ results });
      }
      const asked: { key: ConfigKey; ref: VariableRef; value: string }[] = [];
      for (const { key, value } of request.values) {
        const ref = variableOfKey(key);
        if (ref === undefined) results.push({ key, status: "UnknownKey" });
        else asked.push({ key, ref, value });
      }
      if (asked.length > 0) {
        const r = await call<V201.SetVariablesResponse>("SetVariables", {
          setVariableData: asked.map(({ ref, value }) => ({
            component: componentOf(ref),
            variable: variableOf(ref),
            attributeValue: value,
          })),
        });
        if (!r.ok) return r;
        r.value.setVariableResult.forEach((result, i) => {
          const item = asked[i];
          if (item === undefined) return;
          results.push({ key: item.key, status: SET_STATUS[result.attributeStatus] });
          if (result.attributeStatus === "Accepted" && item.ref.component === "TxCtrlr") {
            noteTxPoint(live, item.ref.variable, item.value);
          }
        });
      }
      return ok({ results });
    },
  };
}
