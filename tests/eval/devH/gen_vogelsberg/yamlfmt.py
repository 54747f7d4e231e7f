"""Small YAML writer shared by the generators: block style for the structure,
flow style for short all-scalar mappings and scalar lists, literal blocks for
multi-line strings (Telegram lists). Output is plain YAML 1.1 that
yaml.safe_load reads back to exactly the data given."""
import yaml


class _Dumper(yaml.SafeDumper):
    pass


def _is_scalar(v):
    return isinstance(v, (str, int, float, bool)) or v is None


def _repr_str(dumper, s):
    if "\n" in s:
        return dumper.represent_scalar("tag:yaml.org,2002:str", s, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", s)


def _repr_list(dumper, seq):
    flow = all(_is_scalar(v) for v in seq) and sum(len(str(v)) for v in seq) < 90
    return dumper.represent_sequence("tag:yaml.org,2002:seq", seq, flow_style=flow)


def _repr_dict(dumper, d):
    flow = (
        all(_is_scalar(v) or (isinstance(v, list) and all(_is_scalar(x) for x in v)) for v in d.values())
        and len(d) <= 6
        and sum(len(str(k)) + len(str(v)) for k, v in d.items()) < 110
        and not any(isinstance(v, str) and "\n" in v for v in d.values())
        and "say" not in d
    )
    return dumper.represent_mapping("tag:yaml.org,2002:map", d.items(), flow_style=flow)


_Dumper.add_representer(str, _repr_str)
_Dumper.add_representer(list, _repr_list)
_Dumper.add_representer(dict, _repr_dict)


def dump(data, header=""):
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120, indent=2)
    return header + body
