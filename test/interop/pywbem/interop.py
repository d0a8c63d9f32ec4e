#!/usr/bin/env python3
"""Drive pywbem's WBEMConnection through every operation `wbemrx serve` offers.

Run it through run.sh beside it, which starts the servers this script expects (see README.md):
  python3 interop.py URL [HTTPS_URL]
  URL        http://127.0.0.1:PORT of a server loaded with test/fixtures/mof/associations/acme.mof,
             whose users file has admin/Secret-pw1 (Administrators) and reader/Reader-pw1
  HTTPS_URL  optional https:// URL of a server with the same users and classes
Environment: WBEMRX (the bin; default: this checkout's build), SCHEMA_DIR (the DMTF schema;
default: this checkout's copy), LISTENER_PORT (the indication listener's port, default 15990),
SKIP_INDICATIONS=1 to leave the indication checks out, TRACE=1 for tracebacks.

Each check runs on its own; on failure the last request and reply are written to
captures/<check>.txt. Exit status is the number of failed checks.
"""
import os
import sys
import time
import traceback
import threading

# requests lets REQUESTS_CA_BUNDLE override a session's verify=False (psf/requests#3829).
os.environ.pop('REQUESTS_CA_BUNDLE', None)
os.environ.pop('CURL_CA_BUNDLE', None)

import pywbem
from pywbem import (CIMClass, CIMProperty, CIMQualifier, CIMInstance,
                    CIMInstanceName, CIMClassName, CIMQualifierDeclaration,
                    CIMError, Uint32, Uint16, WBEMConnection)
from pywbem import (CIM_ERR_NOT_FOUND, CIM_ERR_INVALID_CLASS,
                    CIM_ERR_ALREADY_EXISTS, CIM_ERR_INVALID_SUPERCLASS,
                    CIM_ERR_CLASS_HAS_CHILDREN, CIM_ERR_INVALID_ENUMERATION_CONTEXT,
                    CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED, CIM_ERR_INVALID_NAMESPACE)

URL = sys.argv[1] if len(sys.argv) > 1 else 'http://127.0.0.1:15988'
HTTPS_URL = sys.argv[2] if len(sys.argv) > 2 else None
CREDS = ('admin', 'Secret-pw1')
NS = 'root/cimv2'
HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.environ.get('CAPTURES', os.path.join(HERE, 'captures'))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
WBEMRX = os.environ.get('WBEMRX', os.path.join(ROOT, 'build', 'bundled', 'wbemrx.js'))
SCHEMA_DIR = os.environ.get('SCHEMA_DIR', os.path.join(ROOT, 'test', 'fixtures', 'cim-schema-2.41'))

results = []


def new_conn(url=URL, creds=CREDS, **kw):
    conn = WBEMConnection(url, creds, default_namespace=NS, timeout=30, **kw)
    conn.debug = True
    return conn


conn = new_conn()


def capture(name, c):
    os.makedirs(CAPTURES, exist_ok=True)
    with open(os.path.join(CAPTURES, name.replace(' ', '_').replace('/', '_') + '.txt'), 'w') as f:
        f.write('########## REQUEST\n')
        f.write(str(c.last_raw_request or c.last_request or ''))
        f.write('\n########## RESPONSE\n')
        f.write(str(c.last_raw_reply or c.last_reply or ''))
        f.write('\n')


def check(name, c=None):
    """Decorator: runs fn now, records the outcome."""
    def run(fn):
        try:
            fn()
            results.append((name, 'ok', ''))
            print(f'ok    {name}', flush=True)
        except Exception as exc:  # noqa: BLE001
            detail = f'{type(exc).__name__}: {exc}'
            results.append((name, 'FAIL', detail))
            print(f'FAIL  {name}: {detail}', flush=True)
            if os.environ.get('TRACE'):
                traceback.print_exc()
            capture(name, c or conn)
        return fn
    return run


def expect_error(status, fn):
    try:
        fn()
    except CIMError as exc:
        assert exc.status_code == status, \
            f'expected {pywbem.cimerror._statuscode2name(status) if hasattr(pywbem, "cimerror") else status}, got {exc.status_code_name}: {exc.status_description}'
        return exc
    raise AssertionError(f'no CIMError (expected status {status})')


def keyset(paths):
    return sorted(tuple(sorted((k.lower(), str(v)) for k, v in p.keybindings.items())) for p in paths)


def names_of(objs, key):
    return sorted(str(o.path.keybindings[key] if hasattr(o, 'path') and o.path is not None else o[key]) for o in objs)


# ---------------------------------------------------------------- classes

@check('GetClass default (LocalOnly=True)')
def _():
    c = conn.GetClass('Acme_SSD')
    assert c.classname == 'Acme_SSD' and c.superclass == 'Acme_Disk'
    assert list(c.properties) == ['WearPercent'], list(c.properties)
    assert 'Description' in c.qualifiers and c.qualifiers['Description'].value == 'A solid-state disk'


@check('GetClass LocalOnly=False IncludeClassOrigin=True')
def _():
    c = conn.GetClass('Acme_SSD', LocalOnly=False, IncludeClassOrigin=True)
    assert set(c.properties) >= {'Id', 'SizeGB', 'Tags', 'WearPercent'}, list(c.properties)
    assert c.properties['Id'].class_origin == 'Acme_Disk', c.properties['Id'].class_origin
    assert c.properties['Id'].propagated is True
    assert c.properties['WearPercent'].class_origin == 'Acme_SSD'
    assert c.properties['Tags'].is_array
    assert c.properties['Id'].qualifiers['Key'].value is True


@check('GetClass IncludeQualifiers=False')
def _():
    c = conn.GetClass('Acme_Disk', IncludeQualifiers=False)
    assert len(c.qualifiers) == 0, list(c.qualifiers)
    assert len(c.properties['Id'].qualifiers) == 0


@check('GetClass PropertyList')
def _():
    c = conn.GetClass('Acme_SSD', LocalOnly=False, PropertyList=['SizeGB'])
    assert list(c.properties) == ['SizeGB'], list(c.properties)
    c = conn.GetClass('Acme_SSD', LocalOnly=False, PropertyList=[])
    assert list(c.properties) == [], list(c.properties)


@check('GetClass association reference property')
def _():
    c = conn.GetClass('Acme_HostDisk')
    assert c.qualifiers['Association'].value is True
    assert c.properties['Host'].type == 'reference'
    assert c.properties['Host'].reference_class == 'Acme_Host'


@check('GetClass missing -> CIM_ERR_NOT_FOUND')
def _():
    expect_error(CIM_ERR_NOT_FOUND, lambda: conn.GetClass('Acme_Nope'))


@check('GetClass missing namespace -> CIM_ERR_INVALID_NAMESPACE')
def _():
    expect_error(CIM_ERR_INVALID_NAMESPACE, lambda: conn.GetClass('Acme_Disk', namespace='root/nowhere'))


@check('EnumerateClassNames top level')
def _():
    names = conn.EnumerateClassNames()
    assert {'Acme_Host', 'Acme_Disk', 'Acme_HostDisk'} <= set(names), names
    assert 'Acme_SSD' not in names
    assert not any(n.startswith('__') for n in names), names


@check('EnumerateClassNames DeepInheritance ClassName')
def _():
    assert conn.EnumerateClassNames(ClassName='Acme_Disk') == ['Acme_SSD']
    assert conn.EnumerateClassNames(ClassName='Acme_Disk', DeepInheritance=True) == ['Acme_SSD']
    names = conn.EnumerateClassNames(DeepInheritance=True)
    assert {'Acme_Host', 'Acme_Disk', 'Acme_SSD', 'Acme_HostDisk'} <= set(names)


@check('EnumerateClasses DeepInheritance LocalOnly=False')
def _():
    cls = conn.EnumerateClasses(ClassName='Acme_Disk', DeepInheritance=True, LocalOnly=False,
                                IncludeClassOrigin=True)
    assert [c.classname for c in cls] == ['Acme_SSD']
    assert cls[0].properties['SizeGB'].class_origin == 'Acme_Disk'
    cls = conn.EnumerateClasses(DeepInheritance=True)
    assert {'Acme_Host', 'Acme_Disk', 'Acme_SSD', 'Acme_HostDisk'} <= {c.classname for c in cls}


@check('EnumerateClassNames missing class -> CIM_ERR_INVALID_CLASS')
def _():
    expect_error(CIM_ERR_INVALID_CLASS, lambda: conn.EnumerateClassNames(ClassName='Acme_Nope'))


def py_class(name='PyW_Test', superclass=None, extra=()):
    props = [CIMProperty('Key1', None, type='string', qualifiers=[CIMQualifier('Key', True)]),
             CIMProperty('Count', Uint32(7), type='uint32')]
    props += list(extra)
    return CIMClass(name, superclass=superclass, properties=props,
                    qualifiers=[CIMQualifier('Description', 'made by pywbem')])


@check('CreateClass')
def _():
    for n in ('PyW_Sub', 'PyW_Test'):
        try:
            conn.DeleteClass(n)
        except CIMError:
            pass
    conn.CreateClass(py_class())
    conn.CreateClass(CIMClass('PyW_Sub', superclass='PyW_Test',
                              properties=[CIMProperty('Extra', None, type='string')]))
    c = conn.GetClass('PyW_Sub', LocalOnly=False)
    assert set(c.properties) == {'Key1', 'Count', 'Extra'}, list(c.properties)
    assert c.properties['Count'].value == 7


@check('CreateClass existing -> CIM_ERR_ALREADY_EXISTS')
def _():
    expect_error(CIM_ERR_ALREADY_EXISTS, lambda: conn.CreateClass(py_class()))


@check('CreateClass missing superclass -> CIM_ERR_INVALID_SUPERCLASS')
def _():
    expect_error(CIM_ERR_INVALID_SUPERCLASS,
                 lambda: conn.CreateClass(py_class('PyW_Orphan', superclass='PyW_Missing')))


@check('ModifyClass adds a property')
def _():
    c = conn.GetClass('PyW_Sub', LocalOnly=False)
    c.properties['Added'] = CIMProperty('Added', None, type='sint64')
    conn.ModifyClass(c)
    c = conn.GetClass('PyW_Sub')
    assert 'Added' in c.properties and c.properties['Added'].type == 'sint64'


@check('DeleteClass with subclass -> CIM_ERR_CLASS_HAS_CHILDREN')
def _():
    expect_error(CIM_ERR_CLASS_HAS_CHILDREN, lambda: conn.DeleteClass('PyW_Test'))


@check('DeleteClass')
def _():
    conn.DeleteClass('PyW_Sub')
    conn.DeleteClass('PyW_Test')
    expect_error(CIM_ERR_NOT_FOUND, lambda: conn.GetClass('PyW_Test'))
    expect_error(CIM_ERR_NOT_FOUND, lambda: conn.DeleteClass('PyW_Test'))


# ---------------------------------------------------------------- qualifiers

@check('EnumerateQualifiers')
def _():
    conn.SetQualifier(CIMQualifierDeclaration('PyWEnum', 'boolean', value=False,
                                              scopes={'PROPERTY': True}))
    qds = conn.EnumerateQualifiers()
    assert all(isinstance(q, CIMQualifierDeclaration) for q in qds)
    got = [q for q in qds if q.name.lower() == 'pywenum']
    assert len(got) == 1 and got[0].type == 'boolean' and got[0].value is False, qds
    conn.DeleteQualifier('PyWEnum')
    assert 'pywenum' not in {q.name.lower() for q in conn.EnumerateQualifiers()}


@check('SetQualifier / GetQualifier / DeleteQualifier')
def _():
    qd = CIMQualifierDeclaration('PyWQual', 'string', value='dflt', is_array=False,
                                 scopes={'CLASS': True, 'PROPERTY': True},
                                 overridable=False, tosubclass=True, translatable=False)
    conn.SetQualifier(qd)
    got = conn.GetQualifier('PyWQual')
    assert got.name == 'PyWQual' and got.type == 'string' and got.value == 'dflt', repr(got)
    assert got.scopes.get('CLASS') and got.scopes.get('PROPERTY'), got.scopes
    assert not got.scopes.get('METHOD'), got.scopes
    assert got.overridable is False, got.overridable
    assert 'pywqual' in {q.name.lower() for q in conn.EnumerateQualifiers()}
    qd2 = CIMQualifierDeclaration('PyWQual', 'string', value='changed',
                                  scopes={'CLASS': True, 'PROPERTY': True}, overridable=False)
    conn.SetQualifier(qd2)
    assert conn.GetQualifier('PyWQual').value == 'changed'
    conn.DeleteQualifier('PyWQual')
    expect_error(CIM_ERR_NOT_FOUND, lambda: conn.GetQualifier('PyWQual'))


@check('SetQualifier array declaration')
def _():
    qd = CIMQualifierDeclaration('PyWArr', 'uint16', value=None, is_array=True,
                                 scopes={'ANY': True})
    conn.SetQualifier(qd)
    got = conn.GetQualifier('PyWArr')
    assert got.is_array and got.type == 'uint16', repr(got)
    conn.DeleteQualifier('PyWArr')


@check('GetQualifier missing -> CIM_ERR_NOT_FOUND')
def _():
    expect_error(CIM_ERR_NOT_FOUND, lambda: conn.GetQualifier('NoSuchQualifier'))


# ---------------------------------------------------------------- instances

def disk_path(id_, cls='Acme_Disk'):
    return CIMInstanceName(cls, keybindings={'Id': id_}, namespace=NS)


@check('EnumerateInstanceNames')
def _():
    paths = conn.EnumerateInstanceNames('Acme_Disk')
    assert sorted(p['Id'] for p in paths) == ['d1', 'd2', 's1'], paths
    assert {p.classname for p in paths} == {'Acme_Disk', 'Acme_SSD'}
    assert all(p.namespace == NS for p in paths), [p.namespace for p in paths]


@check('EnumerateInstances deep/shallow, PropertyList')
def _():
    insts = conn.EnumerateInstances('Acme_Disk')
    assert sorted(i['Id'] for i in insts) == ['d1', 'd2', 's1']
    ssd = [i for i in insts if i['Id'] == 's1'][0]
    assert ssd['WearPercent'] == 3 and isinstance(ssd['WearPercent'], Uint16)
    d1 = [i for i in insts if i['Id'] == 'd1'][0]
    assert d1['Tags'] == ['boot', 'fast'] and d1['SizeGB'] == 50
    assert d1.path is not None and d1.path['Id'] == 'd1'
    shallow = conn.EnumerateInstances('Acme_Disk', DeepInheritance=False)
    s = [i for i in shallow if i['Id'] == 's1'][0]
    assert 'WearPercent' not in s.properties, list(s.properties)
    lst = conn.EnumerateInstances('Acme_Disk', PropertyList=['SizeGB'])
    assert all(set(i.properties) <= {'SizeGB'} for i in lst), [list(i.properties) for i in lst]


@check('GetInstance')
def _():
    i = conn.GetInstance(disk_path('d1'))
    assert i['SizeGB'] == 50 and i.classname == 'Acme_Disk'
    i = conn.GetInstance(disk_path('s1', 'Acme_SSD'), PropertyList=['WearPercent'])
    assert list(i.properties) == ['WearPercent'], list(i.properties)


@check('GetInstance missing -> CIM_ERR_NOT_FOUND')
def _():
    expect_error(CIM_ERR_NOT_FOUND, lambda: conn.GetInstance(disk_path('nope')))


@check('GetInstance missing class -> CIM_ERR_INVALID_CLASS')
def _():
    expect_error(CIM_ERR_INVALID_CLASS,
                 lambda: conn.GetInstance(CIMInstanceName('Acme_Nope', {'Id': 'x'}, namespace=NS)))


@check('CreateInstance / ModifyInstance / DeleteInstance')
def _():
    try:
        conn.DeleteInstance(disk_path('py1'))
    except CIMError:
        pass
    inst = CIMInstance('Acme_Disk', properties={'Id': 'py1', 'SizeGB': Uint32(10),
                                                'Tags': ['a', 'b']})
    path = conn.CreateInstance(inst)
    assert path.classname == 'Acme_Disk' and path['Id'] == 'py1', repr(path)
    got = conn.GetInstance(path)
    assert got['SizeGB'] == 10 and got['Tags'] == ['a', 'b']
    expect_error(CIM_ERR_ALREADY_EXISTS, lambda: conn.CreateInstance(inst))
    got['SizeGB'] = Uint32(11)
    got.path = path
    conn.ModifyInstance(got)
    assert conn.GetInstance(path)['SizeGB'] == 11
    mod = CIMInstance('Acme_Disk', properties={'Id': 'py1', 'SizeGB': Uint32(99),
                                               'Tags': ['z']}, path=path)
    conn.ModifyInstance(mod, PropertyList=['SizeGB'])
    after = conn.GetInstance(path)
    assert after['SizeGB'] == 99 and after['Tags'] == ['a', 'b'], after.tomof()
    conn.DeleteInstance(path)
    expect_error(CIM_ERR_NOT_FOUND, lambda: conn.GetInstance(path))
    expect_error(CIM_ERR_NOT_FOUND, lambda: conn.DeleteInstance(path))


@check('CreateInstance of an association with references')
def _():
    ref = CIMInstanceName('Acme_HostDisk', keybindings={
        'Host': CIMInstanceName('Acme_Host', {'Name': 'h2'}),
        'Disk': CIMInstanceName('Acme_Disk', {'Id': 'd1'})}, namespace=NS)
    try:
        conn.DeleteInstance(ref)
    except CIMError:
        pass
    inst = CIMInstance('Acme_HostDisk', properties={
        'Host': CIMInstanceName('Acme_Host', {'Name': 'h2'}),
        'Disk': CIMInstanceName('Acme_Disk', {'Id': 'd1'}),
        'Slot': Uint16(5)})
    path = conn.CreateInstance(inst)
    got = conn.GetInstance(path)
    assert got['Slot'] == 5 and got['Host']['Name'] == 'h2', got.tomof()
    conn.DeleteInstance(path)


# ---------------------------------------------------------------- queries and associations

H1 = CIMInstanceName('Acme_Host', {'Name': 'h1'}, namespace=NS)


@check('ExecQuery WQL')
def _():
    r = conn.ExecQuery('WQL', 'SELECT * FROM Acme_Disk WHERE SizeGB > 100')
    assert sorted(i['Id'] for i in r) == ['d2', 's1'], [i.tomof() for i in r]
    r = conn.ExecQuery('WQL', 'SELECT Id FROM Acme_Disk')
    assert sorted(i['Id'] for i in r) == ['d1', 'd2', 's1']
    assert all(set(i.properties) == {'Id'} for i in r), [list(i.properties) for i in r]


@check('ExecQuery bad language -> CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED')
def _():
    expect_error(CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED,
                 lambda: conn.ExecQuery('DMTF:CQL', 'SELECT * FROM Acme_Disk'))


@check('Associators / AssociatorNames')
def _():
    r = conn.Associators(H1)
    assert sorted(i['Id'] for i in r) == ['d1', 'd2', 's1'], r
    assert all(i.path is not None and i.path.namespace == NS for i in r)
    r = conn.Associators(H1, AssocClass='Acme_HostDisk', ResultClass='Acme_SSD', Role='Host',
                         ResultRole='Disk')
    assert [i['Id'] for i in r] == ['s1'], r
    names = conn.AssociatorNames(H1)
    assert sorted(p['Id'] for p in names) == ['d1', 'd2', 's1'], names
    names = conn.AssociatorNames(disk_path('d2'))
    assert sorted(p['Name'] for p in names) == ['h1', 'h2'], names


@check('Associators class-level')
def _():
    r = conn.Associators('Acme_Host')
    got = sorted(c[1].classname for c in r)
    assert 'Acme_Disk' in got, got
    names = conn.AssociatorNames('Acme_Host')
    assert any(n.classname == 'Acme_Disk' for n in names), names


@check('References / ReferenceNames')
def _():
    r = conn.References(H1)
    assert len(r) == 3 and all(i.classname == 'Acme_HostDisk' for i in r), r
    assert sorted(i['Slot'] for i in r) == [0, 1, 2]
    r = conn.References(disk_path('d2'), Role='Disk', PropertyList=['Slot'])
    assert len(r) == 2 and all(set(i.properties) <= {'Slot'} for i in r), [i.tomof() for i in r]
    names = conn.ReferenceNames(H1, ResultClass='Acme_HostDisk')
    assert len(names) == 3 and all(n.classname == 'Acme_HostDisk' for n in names)
    assert all(n['Host']['Name'] == 'h1' for n in names), names


# ---------------------------------------------------------------- pull operations

def pull_all(open_result, pull, n=1):
    objs = list(open_result.instances if hasattr(open_result, 'instances') else open_result.paths)
    ctx = open_result.context
    eos = open_result.eos
    pulls = 0
    while not eos:
        r = pull(ctx, n)
        pulls += 1
        objs += list(r.instances if hasattr(r, 'instances') else r.paths)
        eos, ctx = r.eos, r.context
    return objs, pulls


@check('OpenEnumerateInstances + PullInstancesWithPath')
def _():
    r = conn.OpenEnumerateInstances('Acme_Disk', MaxObjectCount=1)
    assert not r.eos and len(r.instances) == 1
    objs, pulls = pull_all(r, conn.PullInstancesWithPath)
    assert pulls >= 2, pulls
    assert sorted(i['Id'] for i in objs) == ['d1', 'd2', 's1']
    assert all(i.path is not None and i.path['Id'] == i['Id'] for i in objs)


@check('OpenEnumerateInstances MaxObjectCount=0 then pulls, PropertyList')
def _():
    r = conn.OpenEnumerateInstances('Acme_Disk', MaxObjectCount=0, PropertyList=['SizeGB'])
    assert not r.eos and len(r.instances) == 0
    objs, _ = pull_all(r, conn.PullInstancesWithPath, 2)
    assert len(objs) == 3 and all(set(i.properties) <= {'SizeGB'} for i in objs)


@check('OpenEnumerateInstancePaths + PullInstancePaths')
def _():
    r = conn.OpenEnumerateInstancePaths('Acme_HostDisk', MaxObjectCount=1)
    objs, pulls = pull_all(r, conn.PullInstancePaths)
    assert len(objs) == 4 and pulls >= 2, (len(objs), pulls)
    assert all(p.classname == 'Acme_HostDisk' for p in objs)


@check('OpenQueryInstances + PullInstances')
def _():
    r = conn.OpenQueryInstances('WQL', 'SELECT * FROM Acme_Disk', MaxObjectCount=1)
    assert len(r.instances) == 1 and not r.eos
    objs, pulls = pull_all(r, conn.PullInstances)
    assert sorted(i['Id'] for i in objs) == ['d1', 'd2', 's1'], objs
    assert pulls >= 2


@check('OpenQueryInstances projection')
def _():
    r = conn.OpenQueryInstances('WQL', 'SELECT SizeGB FROM Acme_Disk', MaxObjectCount=10)
    assert r.eos and sorted(i['SizeGB'] for i in r.instances) == [50, 200, 500], r.instances


@check('OpenAssociatorInstances + PullInstancesWithPath')
def _():
    r = conn.OpenAssociatorInstances(H1, MaxObjectCount=1)
    objs, pulls = pull_all(r, conn.PullInstancesWithPath)
    assert sorted(i['Id'] for i in objs) == ['d1', 'd2', 's1'] and pulls >= 2


@check('OpenAssociatorInstancePaths + PullInstancePaths')
def _():
    r = conn.OpenAssociatorInstancePaths(H1, ResultClass='Acme_Disk', MaxObjectCount=1)
    objs, pulls = pull_all(r, conn.PullInstancePaths)
    assert sorted(p['Id'] for p in objs) == ['d1', 'd2', 's1'] and pulls >= 2, objs


@check('OpenReferenceInstances + PullInstancesWithPath')
def _():
    r = conn.OpenReferenceInstances(H1, MaxObjectCount=1)
    objs, pulls = pull_all(r, conn.PullInstancesWithPath)
    assert len(objs) == 3 and pulls >= 2


@check('OpenReferenceInstancePaths + PullInstancePaths')
def _():
    r = conn.OpenReferenceInstancePaths(H1, Role='Host', MaxObjectCount=1)
    objs, pulls = pull_all(r, conn.PullInstancePaths)
    assert len(objs) == 3 and all(p.classname == 'Acme_HostDisk' for p in objs)


@check('CloseEnumeration')
def _():
    r = conn.OpenEnumerateInstances('Acme_Disk', MaxObjectCount=1)
    assert not r.eos
    conn.CloseEnumeration(r.context)
    expect_error(CIM_ERR_INVALID_ENUMERATION_CONTEXT,
                 lambda: conn.PullInstancesWithPath(r.context, 1))


@check('PullInstancesWithPath on a paths context -> CIM_ERR_INVALID_ENUMERATION_CONTEXT')
def _():
    r = conn.OpenEnumerateInstancePaths('Acme_Disk', MaxObjectCount=1)
    expect_error(CIM_ERR_INVALID_ENUMERATION_CONTEXT,
                 lambda: conn.PullInstancesWithPath(r.context, 1))
    conn.CloseEnumeration(r.context)


@check('OpenEnumerateInstances missing class -> CIM_ERR_INVALID_CLASS')
def _():
    expect_error(CIM_ERR_INVALID_CLASS, lambda: conn.OpenEnumerateInstances('Acme_Nope'))


@check('Pull after the end, after OperationTimeout -> CIM_ERR_INVALID_ENUMERATION_CONTEXT')
def _():
    r = conn.OpenEnumerateInstances('Acme_Disk', MaxObjectCount=1, OperationTimeout=1)
    r2 = conn.PullInstancesWithPath(r.context, 0)
    assert len(r2.instances) == 0 and not r2.eos
    time.sleep(2.5)
    expect_error(CIM_ERR_INVALID_ENUMERATION_CONTEXT,
                 lambda: conn.PullInstancesWithPath(r.context, 5))
    r = conn.OpenEnumerateInstances('Acme_Disk', MaxObjectCount=1)
    end = conn.PullInstancesWithPath(r.context, 10)
    assert end.eos
    expect_error(CIM_ERR_INVALID_ENUMERATION_CONTEXT,
                 lambda: conn.PullInstancesWithPath(r.context, 5))


@check('Open* unsupported options -> their DSP0200 status codes')
def _():
    expect_error(pywbem.CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED,
                 lambda: conn.OpenEnumerateInstances('Acme_Disk', ContinueOnError=True))
    expect_error(pywbem.CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED,
                 lambda: conn.OpenEnumerateInstances('Acme_Disk', FilterQueryLanguage='DMTF:FQL',
                                                     FilterQuery='SizeGB > 3'))
    expect_error(pywbem.CIM_ERR_INVALID_OPERATION_TIMEOUT,
                 lambda: conn.OpenEnumerateInstances('Acme_Disk', OperationTimeout=0))


@check('Data types round trip (all scalar and array types, escaping, references, embedded instances)')
def _():
    from pywbem import (CIMDateTime, Char16, Real32, Real64, Sint8, Sint16, Sint32, Sint64,
                        Uint8, Uint64)
    try:
        for p in conn.EnumerateInstanceNames('PyW_Types'):
            conn.DeleteInstance(p)
        conn.DeleteClass('PyW_Types')
    except CIMError:
        pass
    k = [CIMQualifier('Key', True)]
    props = [CIMProperty('Id', None, type='string', qualifiers=k)]
    for ty in ['boolean', 'char16', 'sint8', 'uint8', 'sint16', 'uint16', 'sint32', 'uint32',
               'sint64', 'uint64', 'real32', 'real64', 'datetime', 'string']:
        props.append(CIMProperty('P_' + ty, None, type=ty))
        props.append(CIMProperty('A_' + ty, None, type=ty, is_array=True))
    props.append(CIMProperty('R', None, type='reference', reference_class='Acme_Host'))
    props.append(CIMProperty('E', None, type='string', embedded_object='instance',
                             qualifiers=[CIMQualifier('EmbeddedInstance', 'Acme_Host')]))
    conn.CreateClass(CIMClass('PyW_Types', properties=props))
    cls = conn.GetClass('PyW_Types')
    assert cls.properties['E'].embedded_object == 'instance', cls.properties['E']
    vals = {'Id': 'x<&>"\'\u00e9\u20ac\U0001F600', 'P_boolean': True, 'P_char16': Char16('Z'),
            'P_sint8': Sint8(-128), 'P_uint8': Uint8(255), 'P_sint16': Sint16(-32768),
            'P_uint16': Uint16(65535), 'P_sint32': Sint32(-2147483648),
            'P_uint32': Uint32(4294967295), 'P_sint64': Sint64(-9223372036854775808),
            'P_uint64': Uint64(18446744073709551615), 'P_real32': Real32(1.5),
            'P_real64': Real64(-2.25e-300),
            'P_datetime': CIMDateTime('20261206123456.123456+060'),
            'P_string': 'line1\nline2\ttab  spaces ', 'A_string': ['a', '', ' b '],
            'A_uint8': [Uint8(1), Uint8(2)],
            'A_datetime': [CIMDateTime('00000001020304.000005:000')],
            'A_boolean': [True, False], 'A_char16': [Char16('a')],
            'R': CIMInstanceName('Acme_Host', {'Name': 'h1'})}
    inst = CIMInstance('PyW_Types', properties={
        n: CIMProperty(n, v, type=cls.properties[n].type) for n, v in vals.items()})
    inst['E'] = CIMProperty('E', CIMInstance('Acme_Host', properties={'Name': 'emb<'}),
                            embedded_object='instance')
    path = conn.CreateInstance(inst)
    got = conn.GetInstance(path)
    bad = [(n, v, got[n]) for n, v in vals.items() if got[n] != v]
    assert not bad, bad
    assert isinstance(got['E'], CIMInstance) and got['E']['Name'] == 'emb<', got['E']
    hits = conn.ExecQuery('WQL', 'SELECT Id FROM PyW_Types WHERE P_uint64 = 18446744073709551615')
    assert [h['Id'] for h in hits] == [vals['Id']], hits
    conn.DeleteInstance(path)
    conn.DeleteClass('PyW_Types')


@check('Namespace errors and case')
def _():
    expect_error(CIM_ERR_INVALID_NAMESPACE,
                 lambda: conn.CreateInstance(CIMInstance('Acme_Disk', properties={'Id': 'n'}),
                                             namespace='root/nowhere'))
    assert 'Acme_Disk' in conn.EnumerateClassNames(namespace='ROOT/CIMV2')


@check('InvokeMethod -> CIM_ERR_NOT_SUPPORTED (no extrinsic methods served)')
def _():
    expect_error(pywbem.CIM_ERR_NOT_SUPPORTED, lambda: conn.InvokeMethod('Reset', H1))


@check('WMI object types (object:Class properties and parameters) read and written back')
def _():
    import subprocess
    import tempfile
    mof = ('class PyW_WmiObj { [Key] string Id; Acme_Host W; object WO;\n'
           '  uint32 M([in] Acme_Host P, [out] object Q); };\n')
    try:
        conn.DeleteClass('PyW_WmiObj')
    except CIMError:
        pass
    with tempfile.NamedTemporaryFile('w', suffix='.mof', delete=False) as f:
        f.write(mof)
    user, pw = CREDS
    subprocess.run(['node', WBEMRX, 'mofcomp', '--url',
                    URL.replace('://', f'://{user}:{pw}@') + '/root/cimv2', f.name],
                   check=True, capture_output=True)
    cls = conn.GetClass('PyW_WmiObj', LocalOnly=False)
    assert cls.properties['W'].embedded_object == 'instance', cls.properties['W']
    assert cls.properties['WO'].embedded_object == 'object', cls.properties['WO']
    params = cls.methods['M'].parameters
    assert params['P'].qualifiers['CIMTYPE'].value == 'object:Acme_Host'
    assert params['Q'].qualifiers['CIMTYPE'].value == 'object'
    assert 'PyW_WmiObj' in {c.classname for c in conn.EnumerateClasses(DeepInheritance=True)}
    conn.ModifyClass(cls)
    assert conn.GetClass('PyW_WmiObj', LocalOnly=False).tomof() == cls.tomof()
    conn.DeleteClass('PyW_WmiObj')


# ---------------------------------------------------------------- Iter* (pull preferred)

@check('Iter* methods with pull operations')
def _():
    c = new_conn(use_pull_operations=True)
    insts = list(c.IterEnumerateInstances('Acme_Disk', MaxObjectCount=1))
    assert sorted(i['Id'] for i in insts) == ['d1', 'd2', 's1']
    paths = list(c.IterEnumerateInstancePaths('Acme_HostDisk', MaxObjectCount=1))
    assert len(paths) == 4
    a = list(c.IterAssociatorInstances(H1, MaxObjectCount=1))
    assert sorted(i['Id'] for i in a) == ['d1', 'd2', 's1']
    a = list(c.IterAssociatorInstancePaths(H1, MaxObjectCount=1))
    assert sorted(p['Id'] for p in a) == ['d1', 'd2', 's1']
    r = list(c.IterReferenceInstances(H1, MaxObjectCount=1))
    assert len(r) == 3
    r = list(c.IterReferenceInstancePaths(H1, MaxObjectCount=1))
    assert len(r) == 3
    q = c.IterQueryInstances('WQL', 'SELECT * FROM Acme_Host', MaxObjectCount=1)
    assert sorted(i['Name'] for i in q.generator) == ['h1', 'h2']


@check('Iter* methods without pull operations')
def _():
    c = new_conn(use_pull_operations=False)
    assert len(list(c.IterEnumerateInstances('Acme_Disk'))) == 3
    assert len(list(c.IterEnumerateInstancePaths('Acme_Disk'))) == 3
    assert len(list(c.IterAssociatorInstances(H1))) == 3
    assert len(list(c.IterReferenceInstancePaths(H1))) == 3
    q = c.IterQueryInstances('WQL', 'SELECT * FROM Acme_Host')
    assert sorted(i['Name'] for i in q.generator) == ['h1', 'h2']


@check('Iter* default (pull tried first)')
def _():
    c = new_conn(use_pull_operations=None)
    assert len(list(c.IterEnumerateInstances('Acme_Disk', MaxObjectCount=2))) == 3
    assert c._use_enum_inst_pull_operations is True
    assert len(list(c.IterAssociatorInstancePaths(H1, MaxObjectCount=2))) == 3
    assert c._use_assoc_path_pull_operations is True, 'fell back to AssociatorNames'
    assert len(list(c.IterReferenceInstancePaths(H1, MaxObjectCount=2))) == 3
    assert c._use_ref_path_pull_operations is True, 'fell back to ReferenceNames'
    q = c.IterQueryInstances('WQL', 'SELECT * FROM Acme_Disk', MaxObjectCount=1)
    assert len(list(q.generator)) == 3
    assert c._use_query_pull_operations is True, 'fell back to ExecQuery'


# ---------------------------------------------------------------- auth and TLS

@check('Basic auth wrong password -> 401')
def _():
    c = new_conn(creds=('admin', 'wrong'))
    try:
        c.EnumerateClassNames()
    except pywbem.AuthError:
        return
    raise AssertionError('no AuthError')


@check('No credentials -> 401')
def _():
    c = new_conn(creds=None)
    try:
        c.EnumerateClassNames()
    except pywbem.AuthError:
        return
    raise AssertionError('no AuthError')


@check('Read-only user may read, may not write')
def _():
    c = new_conn(creds=('reader', 'Reader-pw1'))
    assert 'Acme_Disk' in c.EnumerateClassNames()
    expect_error(pywbem.CIM_ERR_ACCESS_DENIED, lambda: c.CreateClass(py_class('PyW_Denied')))


if HTTPS_URL:
    @check('HTTPS no_verification=True')
    def _():
        c = new_conn(url=HTTPS_URL, no_verification=True)
        assert 'Acme_Disk' in c.EnumerateClassNames()
        assert len(c.EnumerateInstances('Acme_Host')) == 2

    @check('HTTPS with verification against an unknown CA fails')
    def _():
        c = new_conn(url=HTTPS_URL)
        try:
            c.EnumerateClassNames()
        except pywbem.ConnectionError:
            return
        raise AssertionError('self-signed certificate accepted')


# ---------------------------------------------------------------- MOF compiler

@check('MOFCompiler with a WBEMConnection handle')
def _():
    mof = '''
    [Description("compiled by pywbem")]
    class PyW_Mof { [Key] string Name; uint8 Level; };
    instance of PyW_Mof { Name = "m1"; Level = 3; };
    '''
    c = new_conn()
    for fn in (lambda: c.DeleteInstance(CIMInstanceName('PyW_Mof', {'Name': 'm1'}, namespace=NS)),
               lambda: c.DeleteClass('PyW_Mof')):
        try:
            fn()
        except CIMError:
            pass
    # The qualifier declarations come from the DMTF schema's qualifiers.mof where the namespace
    # lacks them (pywbem compiles that file into the server with SetQualifier).
    mc = pywbem.MOFCompiler(handle=c, search_paths=[SCHEMA_DIR], verbose=False,
                            log_func=lambda m: None)
    mc.compile_string(mof, NS)
    assert c.GetClass('PyW_Mof').qualifiers['Description'].value == 'compiled by pywbem'
    assert c.GetInstance(CIMInstanceName('PyW_Mof', {'Name': 'm1'}, namespace=NS))['Level'] == 3
    c.DeleteInstance(CIMInstanceName('PyW_Mof', {'Name': 'm1'}, namespace=NS))
    c.DeleteClass('PyW_Mof')


# ---------------------------------------------------------------- indications

def indication_checks():
    from pywbem import WBEMListener, WBEMServer, WBEMSubscriptionManager
    received = []
    lock = threading.Lock()

    def on_indication(indication, host):
        with lock:
            received.append(indication)

    listener = WBEMListener('127.0.0.1', http_port=int(os.environ.get('LISTENER_PORT', '15990')))
    listener.add_callback(on_indication)
    listener.start()
    sm = WBEMSubscriptionManager(subscription_manager_id='pywbem-interop')
    try:
        server = WBEMServer(new_conn())
        server_id = sm.add_server(server)
        dest = sm.add_destination(server_id, f'http://127.0.0.1:{listener.http_port}',
                                  destination_id='interop-dest')
        filt = sm.add_filter(server_id, NS,
                             "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Acme_Host'",
                             query_language='WQL', owned=True, filter_id='interop-filter')
        subs = sm.add_subscriptions(server_id, filt.path, [dest.path])
        c = new_conn()
        for n in ('ind1', 'ind2'):
            try:
                c.DeleteInstance(CIMInstanceName('Acme_Host', {'Name': n}, namespace=NS))
            except CIMError:
                pass
        time.sleep(0.5)
        with lock:
            received.clear()
        path = c.CreateInstance(CIMInstance('Acme_Host', properties={'Name': 'ind1'}))
        end = time.time() + 10
        while time.time() < end and not received:
            time.sleep(0.1)
        assert received, 'no indication arrived'
        ind = received[0]
        assert ind.classname == '__InstanceCreationEvent', ind.classname
        for prop in ('SourceInstance', 'TargetInstance'):
            target = ind[prop]
            assert isinstance(target, CIMInstance), (prop, type(target))
            assert target.classname == 'Acme_Host' and target['Name'] == 'ind1', target
        assert ind['SourceNamespace'] == NS
        c.DeleteInstance(path)

        cfilt = sm.add_filter(server_id, NS, 'SELECT * FROM __ClassCreationEvent',
                              query_language='WQL', owned=True, filter_id='interop-class-filter')
        csubs = sm.add_subscriptions(server_id, cfilt.path, [dest.path])
        try:
            c.DeleteClass('PyW_Evt')
        except CIMError:
            pass
        time.sleep(0.5)
        with lock:
            received.clear()
        c.CreateClass(CIMClass('PyW_Evt', properties=[CIMProperty('X', None, type='string')]))
        end = time.time() + 10
        while time.time() < end and not any(i.classname == '__ClassCreationEvent' for i in received):
            time.sleep(0.1)
        evts = [i for i in received if i.classname == '__ClassCreationEvent']
        assert evts, [i.classname for i in received]
        assert isinstance(evts[0]['TargetClass'], CIMClass), type(evts[0]['TargetClass'])
        assert evts[0]['TargetClass'].classname == 'PyW_Evt'
        c.DeleteClass('PyW_Evt')
        sm.remove_subscriptions(server_id, [s.path for s in csubs])
        sm.remove_subscriptions(server_id, [s.path for s in subs])
        time.sleep(1)
        with lock:
            received.clear()
        path = c.CreateInstance(CIMInstance('Acme_Host', properties={'Name': 'ind2'}))
        time.sleep(3)
        c.DeleteInstance(path)
        assert not received, f'{len(received)} indications after the subscription was removed'
    finally:
        try:
            sm.remove_all_servers()
        finally:
            listener.stop()


@check('DMTF embedded string properties (EmbeddedInstance, EmbeddedObject qualifiers)')
def _():
    cls = conn.GetClass('PyW_EmbHolder', LocalOnly=False)
    assert cls.properties['Host'].embedded_object == 'instance', cls.properties['Host'].embedded_object
    assert cls.properties['Anything'].embedded_object == 'object'
    assert cls.properties['Hosts'].embedded_object == 'instance'
    host = lambda n: CIMInstance('PyW_EmbHost', properties={'Name': n, 'Cores': Uint32(4)})
    inst = CIMInstance('PyW_EmbHolder', properties={
        'Id': 'e1',
        'Host': CIMProperty('Host', host('h1'), embedded_object='instance'),
        'Anything': CIMProperty('Anything', host('h2'), embedded_object='object'),
        'Hosts': CIMProperty('Hosts', [host('a'), host('b')], embedded_object='instance'),
    })
    try:
        conn.DeleteInstance(CIMInstanceName('PyW_EmbHolder', {'Id': 'e1'}, namespace=NS))
    except CIMError:
        pass
    path = conn.CreateInstance(inst)
    got = conn.GetInstance(path)
    assert isinstance(got['Host'], CIMInstance) and got['Host']['Name'] == 'h1', got['Host']
    assert got['Host']['Cores'] == 4 and got.properties['Host'].embedded_object == 'instance'
    assert isinstance(got['Anything'], CIMInstance) and got['Anything']['Name'] == 'h2'
    assert [h['Name'] for h in got['Hosts']] == ['a', 'b'], got['Hosts']
    got['Host'] = CIMProperty('Host', host('h3'), embedded_object='instance')
    conn.ModifyInstance(got)
    assert conn.GetInstance(path)['Host']['Name'] == 'h3'
    conn.DeleteInstance(path)


if not os.environ.get('SKIP_INDICATIONS'):
    check('Indications: WBEMListener + WBEMSubscriptionManager')(indication_checks)


# ---------------------------------------------------------------- summary

failed = [r for r in results if r[1] != 'ok']
print(f'\npywbem {pywbem.__version__}: {len(results) - len(failed)} of {len(results)} checks passed')
for name, _, detail in failed:
    print(f'  FAIL {name}: {detail}')
sys.exit(len(failed))
