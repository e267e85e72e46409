import numpy as np, json
from scipy import stats
rng=np.random.default_rng(7)
def arm(n, calls_mean, lat):
    y=rng.poisson(calls_mean,n)+1
    u=rng.normal(0,1,n)
    x=np.array([rng.normal(lat+30*u[i],20,y[i]).sum() for i in range(n)])
    return x,y
def st(x,y): return dict(n=int(len(x)),sumNumerator=float(x.sum()),sumDenominator=float(y.sum()),sumNumeratorSquares=float((x*x).sum()),sumDenominatorSquares=float((y*y).sum()),sumCrossProducts=float((x*y).sum()))
def ref(xa,ya,xb,yb,alpha):
    out={}
    def s(x,y):
        n=len(x); c=np.cov(x,y,ddof=1); xb_,yb_=x.mean(),y.mean()
        g=np.array([1/yb_,-xb_/yb_**2]); return xb_/yb_, g@c@g/n, n
    ra,va,na=s(xa,ya); rb,vb,nb=s(xb,yb)
    se=np.sqrt(va+vb); df=(va+vb)**2/(va**2/(na-1)+vb**2/(nb-1)); t=(rb-ra)/se
    q=stats.t.ppf(1-alpha/2,df)
    rel=rb/ra-1; rse=np.sqrt(vb/ra**2+rb**2*va/ra**4)
    return dict(controlRatio=ra,variantRatio=rb,controlVariance=va,variantVariance=vb,difference=rb-ra,standardError=se,df=df,t=t,p=2*stats.t.sf(abs(t),df),ciLower=rb-ra-q*se,ciUpper=rb-ra+q*se,relative=rel,relativeSe=rse,relativeP=2*stats.t.sf(abs(rel/rse),df),relLower=rel-q*rse,relUpper=rel+q*rse)
cases=[]
for name,(na,nb,lat_b,alpha) in {'latency 5% slower':(400,420,105,0.05),'small samples':(12,9,100,0.1)}.items():
    xa,ya=arm(na,2,100); xb,yb=arm(nb,2,lat_b)
    cases.append(dict(name=name,alpha=alpha,control=st(xa,ya),variant=st(xb,yb),expected=ref(xa,ya,xb,yb,alpha)))
print(json.dumps(cases,indent=1))
