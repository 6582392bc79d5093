// What `show --relevant` keeps of a counterexample: the steps a reader needs
// to follow the violation, and the values of its objects when it fired.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace mmcheck {

// The violating step, the steps of the explained racing pairs, and every
// step in the violation's causal past (the happens-before of
// dependency_edges, walked backwards) that touches an object of the
// explanation or of the violating step. Indexed by step; all false when
// the trace has no violation to explain.
std::vector<bool> relevant_steps(const nlohmann::json& trace);

// Those objects, in the order the explanation names them.
std::vector<std::string> relevant_objects(const nlohmann::json& trace);

// Each object's last value seen in the trace up to and including `step`
// (a load's value, a store's, the new value of a read-modify-write); objects
// the trace never gave a value are left out.
std::vector<std::pair<std::string, std::string>> values_at(const nlohmann::json& trace,
                                                           const std::vector<std::string>& objects,
                                                           long step);

// "set_huge_pte_at" from "void mmcheck::model::set_huge_pte_at(World&, ...)".
std::string short_function(const std::string& signature);

// "set_huge_pte_at model/pagetable.cpp:79", or "" for an event without one.
std::string step_source(const nlohmann::json& event);

}  // namespace mmcheck
