# Reference values for bayesian-effects.spec.ts by scipy numerical integration (quad) of Beta densities.
import json
from scipy import stats, integrate
def pgt(a,b,c,d):
    f=lambda x: stats.beta.pdf(x,a,b)*stats.beta.cdf(x,c,d)
    lo,hi=min(stats.beta.ppf(1e-12,a,b),stats.beta.ppf(1e-12,c,d)),max(stats.beta.isf(1e-12,a,b),stats.beta.isf(1e-12,c,d))
    return integrate.quad(f,lo,hi,epsabs=1e-14,epsrel=1e-12,limit=500)[0]
def loss(a1,b1,a2,b2):  # E[max(p1-p2,0)]
    f=lambda x: stats.beta.pdf(x,a1,b1)*integrate.quad(lambda y:(x-y)*stats.beta.pdf(y,a2,b2),0,x,epsabs=1e-15,limit=200)[0]
    lo,hi=stats.beta.ppf(1e-12,a1,b1),stats.beta.isf(1e-12,a1,b1)
    return integrate.quad(f,lo,hi,epsabs=1e-14,limit=200)[0]
cases=[]
for c,v in [((1000,100),(1000,120)),((50,3),(60,1)),((20000,19950),(20000,19910)),((12,6),(15,9))]:
    aA,bA=1+c[1],1+c[0]-c[1]; aB,bB=1+v[1],1+v[0]-v[1]
    cases.append(dict(control=dict(n=c[0],successes=c[1]),variant=dict(n=v[0],successes=v[1]),probabilityVariantHigher=pgt(aB,bB,aA,bA),lossVariant=loss(aA,bA,aB,bB),lossControl=loss(aB,bB,aA,bA)))
print(json.dumps(cases,indent=1))
